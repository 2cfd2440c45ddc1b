import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Page } from '../components/Page.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { type PortalBooking, portal } from './api.ts';
import { BookingDetail } from './BookingDetail.tsx';
import { AccessForm } from './BookPage.tsx';
import { Rating } from './Rating.tsx';

/**
 * Managing a booking with booking code + fiscal code (ASL Foggia's model): view, pay, download, cancel,
 * move. Back from the checkout (`?codice=`), the session still open shows the booking straight away.
 */
export function ManagePage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const back = params.get('codice') ?? '';
  const [booking, setBooking] = useState<PortalBooking | null>(null);
  const resumed = useQuery({
    queryKey: ['portal', 'booking', back],
    queryFn: () => portal.booking(back),
    enabled: back !== '',
    retry: false,
  });
  useEffect(() => {
    if (resumed.data) setBooking(resumed.data);
  }, [resumed.data]);
  const enter = useMutation({
    mutationFn: (v: { fiscalCode: string; code: string }) => portal.enterBooking(v.fiscalCode, v.code),
    onSuccess: setBooking,
  });
  return (
    <Page title={t('portal.manage.title')}>
      {!booking && !(back && resumed.isPending) && (
        <>
          <p>{t('portal.manage.lead')}</p>
          <AccessForm
            codeLabel={t('portal.form.bookingCode')}
            codeHint={t('portal.form.bookingCodeHint')}
            codeField="code"
            submit={t('portal.manage.open')}
            pending={enter.isPending}
            error={enter.error}
            initialCode={back}
            onSubmit={(fiscalCode, code) => enter.mutate({ fiscalCode, code })}
          />
        </>
      )}
      {booking && (
        <>
          <BookingDetail booking={booking} manage onChange={setBooking} />
          <Rating service="manage" />
        </>
      )}
    </Page>
  );
}
