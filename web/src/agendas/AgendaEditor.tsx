import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ErrorAlert, FieldError, fieldError } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { apiRequest } from '../lib/api.ts';
import { formatCalendarDate, formatNumber, romeToday } from '../lib/format.ts';
import type { Body, Ok } from '../lib/openapi.ts';
import { useServices } from '../lib/queries.ts';
import { CloseAgendaForm } from './CloseAgendaForm.tsx';
import { RulesTable } from './RulesTable.tsx';
import { nextRule, type WeeklyRule } from './rules.ts';

type Detail = Ok<'/api/v1/agendas/{agendaId}', 'get'>;
type Change = Body<'/api/v1/agendas/{agendaId}', 'put'>;
type Changed = Ok<'/api/v1/agendas/{agendaId}', 'put'>;
type NewAgenda = Body<'/api/v1/agendas', 'post'>;
type Created = { id: string; slots: number };
type Facility = Ok<'/api/v1/facilities', 'get'>['items'][number];
type Channel = Change['channels'][number];

const CHANNELS: Channel[] = ['phone', 'desk', 'web', 'pharmacy'];

interface Draft {
  id: string;
  facilityId: string;
  unitId: string;
  validFrom: string;
  name: string;
  validTo: string;
  overbookingPerSlot: number;
  channels: Channel[];
  serviceCodes: string[];
  rules: WeeklyRule[];
  applyFrom: string;
}

const blank = (today: string): Draft => ({
  id: '',
  facilityId: '',
  unitId: '',
  validFrom: today,
  name: '',
  validTo: '',
  overbookingPerSlot: 0,
  channels: ['phone', 'desk', 'web'],
  serviceCodes: [],
  rules: [nextRule([])],
  applyFrom: today,
});

const fromDetail = (d: Detail, today: string): Draft => ({
  id: d.id,
  facilityId: d.facilityId,
  unitId: d.unitId,
  validFrom: d.validFrom,
  name: d.name,
  validTo: d.validTo ?? '',
  overbookingPerSlot: d.overbookingPerSlot,
  channels: d.channels,
  serviceCodes: d.serviceCodes,
  rules: d.rules,
  applyFrom: today,
});

/**
 * The CUP manager creates or changes an agenda (issue 14 §14): its services, channels, validity,
 * overbooking quota and weekly rules, and closes it for some days. The server validates and audits;
 * each refusal is shown on its field.
 */
export function AgendaEditor() {
  const { agendaId } = useParams();
  // A new agenda, once created, opens as itself: a fresh editor, not the creation form's state.
  return <Editor key={agendaId ?? 'new'} agendaId={agendaId} />;
}

function Editor({ agendaId }: { agendaId: string | undefined }) {
  const creating = !agendaId || agendaId === 'new';
  const { t, lang } = useI18n();
  const id = useId();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const created = (useLocation().state as { created?: number } | null)?.created;
  const today = romeToday();
  const detail = useQuery({
    queryKey: ['agenda', agendaId],
    queryFn: () => apiRequest<Detail>('GET', `/api/v1/agendas/${encodeURIComponent(agendaId!)}`),
    enabled: !creating,
  });
  const facilities = useQuery({
    queryKey: ['facilities'],
    queryFn: () => apiRequest<{ items: Facility[] }>('GET', '/api/v1/facilities'),
    enabled: creating,
    staleTime: 60 * 60_000,
  });
  const services = useServices();
  const [draft, setDraft] = useState<Draft | null>(creating ? blank(today) : null);
  useEffect(() => {
    if (!creating && detail.data && draft === null) setDraft(fromDetail(detail.data, today));
  }, [creating, detail.data, draft, today]);

  const save = useMutation<Created | Changed, Error, Draft>({
    mutationFn: (d: Draft): Promise<Created | Changed> => {
      const common = {
        name: d.name,
        serviceCodes: d.serviceCodes,
        channels: d.channels,
        validTo: d.validTo || null,
        overbookingPerSlot: d.overbookingPerSlot,
        rules: d.rules,
      };
      if (creating) {
        const body: NewAgenda = {
          ...common,
          id: d.id,
          facilityId: d.facilityId,
          unitId: d.unitId,
          validFrom: d.validFrom,
        };
        return apiRequest<Created>('POST', '/api/v1/agendas', body);
      }
      const body: Change = { ...common, applyFrom: d.applyFrom };
      return apiRequest<Changed>('PUT', `/api/v1/agendas/${encodeURIComponent(agendaId!)}`, body);
    },
    onSuccess: (result) => {
      qc.invalidateQueries({ queryKey: ['agendas'] });
      if (creating)
        navigate(`/agendas/${encodeURIComponent((result as Created).id)}`, {
          state: { created: (result as Created).slots },
        });
      else qc.invalidateQueries({ queryKey: ['agenda', agendaId] });
    },
  });
  const result = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (save.data && !creating) result.current?.focus();
  }, [save.data, creating]);

  const names = useMemo(
    () => new Map((services.data?.items ?? []).map((s) => [s.code, s.description])),
    [services.data],
  );
  const facility = facilities.data?.items.find((f) => f.id === draft?.facilityId);
  const title = creating
    ? t('agendaEdit.newTitle')
    : t('agendaEdit.title', { name: detail.data?.name ?? '' });

  if (!draft)
    return (
      <Page title={t('agendaEdit.titleShort')}>
        <ErrorAlert error={detail.error} />
        {!detail.error && <p role="status">{t('common.loading')}</p>}
      </Page>
    );

  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const changed = !creating && save.data ? (save.data as Changed) : null;
  const err = (...f: string[]) => fieldError(save.error, ...f);
  const mine = new Set([
    'id',
    'facilityId',
    'unitId',
    'validFrom',
    'name',
    'validTo',
    'overbookingPerSlot',
    'channels',
    'serviceCodes',
    'rules',
    'applyFrom',
  ]);
  const field = save.error as { field?: string } | null;
  const placed =
    field?.field && (mine.has(field.field) || /^(rules|serviceCodes|channels)\.\d+/.test(field.field));
  const described = (f: string) => ({
    'aria-invalid': !!err(f),
    'aria-describedby': err(f) ? `${id}-${f}-err` : undefined,
  });
  const addable = (services.data?.items ?? []).filter((s) => !draft.serviceCodes.includes(s.code));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(draft);
  };

  return (
    <Page
      title={title}
      actions={
        <Link to="/agendas" className="btn btn-outline-primary btn-sm">
          {t('agendaEdit.back')}
        </Link>
      }
    >
      {created !== undefined && (
        <p className="alert alert-success" role="status">
          {t('agendaEdit.created', { slots: formatNumber(created, lang) })}
        </p>
      )}
      <form onSubmit={submit} noValidate className="agenda-editor" aria-label={title}>
        <fieldset className="mb-3">
          <legend className="h5">{t('agendaEdit.identity')}</legend>
          <div className="row g-3">
            {creating ? (
              <>
                <div className="col-md-3">
                  <label htmlFor={`${id}-id`} className="form-label">
                    {t('agendaEdit.id')}
                  </label>
                  <input
                    id={`${id}-id`}
                    className="form-control"
                    value={draft.id}
                    required
                    maxLength={64}
                    pattern="[a-z0-9][a-z0-9._\-]{1,63}"
                    onChange={(e) => set({ id: e.target.value.trim().toLowerCase() })}
                    {...described('id')}
                  />
                  <div className="form-text">{t('agendaEdit.id.help')}</div>
                  <FieldError id={`${id}-id-err`} error={err('id')} />
                </div>
                <div className="col-md-5">
                  <label htmlFor={`${id}-facility`} className="form-label">
                    {t('agendaEdit.facility')}
                  </label>
                  <select
                    id={`${id}-facility`}
                    className="form-select"
                    value={draft.facilityId}
                    required
                    onChange={(e) => {
                      const f = facilities.data?.items.find((x) => x.id === e.target.value);
                      set({ facilityId: e.target.value, unitId: f?.units[0]?.id ?? '' });
                    }}
                    {...described('facilityId')}
                  >
                    <option value="">{t('agendaEdit.choose')}</option>
                    {groupByOrganisation(facilities.data?.items ?? []).map(([org, list]) => (
                      <optgroup key={org} label={org}>
                        {list.map((f) => (
                          <option key={f.id} value={f.id}>
                            {f.name} · {f.municipality}
                          </option>
                        ))}
                      </optgroup>
                    ))}
                  </select>
                  <FieldError id={`${id}-facilityId-err`} error={err('facilityId')} />
                </div>
                <div className="col-md-4">
                  <label htmlFor={`${id}-unit`} className="form-label">
                    {t('agendaEdit.unit')}
                  </label>
                  <select
                    id={`${id}-unit`}
                    className="form-select"
                    value={draft.unitId}
                    required
                    disabled={!facility}
                    onChange={(e) => set({ unitId: e.target.value })}
                    {...described('unitId')}
                  >
                    {(facility?.units ?? []).map((u) => (
                      <option key={u.id} value={u.id}>
                        {u.name}
                      </option>
                    ))}
                  </select>
                  <FieldError id={`${id}-unitId-err`} error={err('unitId')} />
                </div>
              </>
            ) : (
              <p className="col-12 mb-0">
                {t('agendaEdit.where', {
                  id: draft.id,
                  facility: detail.data?.facilityName ?? '',
                  unit: detail.data?.unitName ?? '',
                  from: formatCalendarDate(draft.validFrom, lang),
                })}
              </p>
            )}
            <div className="col-md-6">
              <label htmlFor={`${id}-name`} className="form-label">
                {t('agendaEdit.name')}
              </label>
              <input
                id={`${id}-name`}
                className="form-control"
                value={draft.name}
                required
                maxLength={200}
                onChange={(e) => set({ name: e.target.value })}
                {...described('name')}
              />
              <FieldError id={`${id}-name-err`} error={err('name')} />
            </div>
            {creating && (
              <div className="col-md-2">
                <label htmlFor={`${id}-validFrom`} className="form-label">
                  {t('agendaEdit.validFrom')}
                </label>
                <input
                  id={`${id}-validFrom`}
                  type="date"
                  className="form-control"
                  value={draft.validFrom}
                  required
                  onChange={(e) => set({ validFrom: e.target.value })}
                  {...described('validFrom')}
                />
                <FieldError id={`${id}-validFrom-err`} error={err('validFrom')} />
              </div>
            )}
            <div className="col-md-2">
              <label htmlFor={`${id}-validTo`} className="form-label">
                {t('agendaEdit.validTo')}
              </label>
              <input
                id={`${id}-validTo`}
                type="date"
                className="form-control"
                value={draft.validTo}
                min={draft.validFrom}
                onChange={(e) => set({ validTo: e.target.value })}
                {...described('validTo')}
              />
              <FieldError id={`${id}-validTo-err`} error={err('validTo')} />
            </div>
            <div className="col-md-2">
              <label htmlFor={`${id}-overbooking`} className="form-label">
                {t('agendaEdit.overbooking')}
              </label>
              <input
                id={`${id}-overbooking`}
                type="number"
                className="form-control"
                min={0}
                max={10}
                value={draft.overbookingPerSlot}
                onChange={(e) => set({ overbookingPerSlot: Number(e.target.value) })}
                aria-invalid={!!err('overbookingPerSlot')}
                aria-describedby={`${id}-overbooking-help${err('overbookingPerSlot') ? ` ${id}-overbookingPerSlot-err` : ''}`}
              />
              <div id={`${id}-overbooking-help`} className="form-text">
                {t('agendaEdit.overbooking.help')}
              </div>
              <FieldError id={`${id}-overbookingPerSlot-err`} error={err('overbookingPerSlot')} />
            </div>
          </div>
        </fieldset>

        <fieldset className="mb-3" aria-describedby={err('channels') ? `${id}-channels-err` : undefined}>
          <legend className="h5">{t('agendaEdit.channels')}</legend>
          {CHANNELS.map((c) => (
            <div key={c} className="form-check form-check-inline">
              <input
                id={`${id}-ch-${c}`}
                type="checkbox"
                className="form-check-input"
                checked={draft.channels.includes(c)}
                onChange={(e) =>
                  set({
                    channels: e.target.checked
                      ? CHANNELS.filter((x) => x === c || draft.channels.includes(x))
                      : draft.channels.filter((x) => x !== c),
                  })
                }
              />
              <label htmlFor={`${id}-ch-${c}`} className="form-check-label">
                {t(`agendaEdit.channel.${c}`)}
              </label>
            </div>
          ))}
          <FieldError id={`${id}-channels-err`} error={err('channels')} />
        </fieldset>

        <fieldset className="mb-3">
          <legend className="h5">{t('agendaEdit.services')}</legend>
          {draft.serviceCodes.length === 0 && (
            <p className="small text-muted">{t('agendaEdit.services.none')}</p>
          )}
          <ul className="list-unstyled mb-2" data-testid="agenda-services">
            {draft.serviceCodes.map((code, i) => (
              <li key={code} className="d-flex align-items-center gap-2 mb-1">
                <span>
                  {names.get(code) ?? code} <span className="text-muted small">({code})</span>
                </span>
                <button
                  type="button"
                  className="btn btn-link btn-sm p-0"
                  aria-label={t('agendaEdit.services.removeOf', { name: names.get(code) ?? code })}
                  onClick={() => set({ serviceCodes: draft.serviceCodes.filter((c) => c !== code) })}
                >
                  {t('agendaEdit.rule.removeShort')}
                </button>
                <FieldError id={`${id}-svc-${i}-err`} error={err(`serviceCodes.${i}`)} />
              </li>
            ))}
          </ul>
          <label htmlFor={`${id}-add-service`} className="form-label">
            {t('agendaEdit.services.add')}
          </label>
          <select
            id={`${id}-add-service`}
            className="form-select"
            value=""
            onChange={(e) => e.target.value && set({ serviceCodes: [...draft.serviceCodes, e.target.value] })}
            {...described('serviceCodes')}
          >
            <option value="">{t('agendaEdit.choose')}</option>
            {addable.map((s) => (
              <option key={s.code} value={s.code}>
                {s.description} ({s.code})
              </option>
            ))}
          </select>
          <FieldError id={`${id}-serviceCodes-err`} error={err('serviceCodes')} />
        </fieldset>

        <RulesTable id={id} rules={draft.rules} onChange={(rules) => set({ rules })} error={save.error} />

        {!creating && (
          <div className="row g-3 mb-3">
            <div className="col-md-3">
              <label htmlFor={`${id}-applyFrom`} className="form-label fw-semibold">
                {t('agendaEdit.applyFrom')}
              </label>
              <input
                id={`${id}-applyFrom`}
                type="date"
                className="form-control"
                min={today}
                value={draft.applyFrom}
                onChange={(e) => set({ applyFrom: e.target.value })}
                aria-invalid={!!err('applyFrom')}
                aria-describedby={`${id}-applyFrom-help${err('applyFrom') ? ` ${id}-applyFrom-err` : ''}`}
              />
              <FieldError id={`${id}-applyFrom-err`} error={err('applyFrom')} />
            </div>
            <p id={`${id}-applyFrom-help`} className="col-md-9 small align-self-end mb-0">
              {t('agendaEdit.applyFrom.help')}
            </p>
          </div>
        )}

        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {creating ? t('agendaEdit.create') : t('agendaEdit.save')}
        </button>
      </form>
      <ErrorAlert error={placed ? null : save.error} className="mt-3" />
      {changed && (
        <div
          ref={result}
          tabIndex={-1}
          className="alert alert-success mt-3"
          role="status"
          data-testid="agenda-saved"
        >
          {t('agendaEdit.saved', {
            from: formatCalendarDate(changed.applyFrom, lang),
            opened: formatNumber(changed.openedSlots, lang),
            closed: formatNumber(changed.closedSlots, lang),
            bookings: formatNumber(changed.appointmentIds.length, lang),
          })}
        </div>
      )}

      {!creating && detail.data && (
        <section className="mt-5" aria-labelledby={`${id}-closures`}>
          <h2 id={`${id}-closures`} className="h4">
            {t('agendaEdit.closures')}
          </h2>
          {detail.data.closures.length === 0 ? (
            <p className="small text-muted">{t('agendaEdit.closures.none')}</p>
          ) : (
            <ul className="small">
              {detail.data.closures.map((c) => (
                <li key={`${c.fromDate}-${c.toDate}-${c.reason}`}>
                  {t('agendaEdit.closureRow', {
                    from: formatCalendarDate(c.fromDate, lang),
                    to: formatCalendarDate(c.toDate, lang),
                    reason: c.reason,
                  })}
                </li>
              ))}
            </ul>
          )}
          <CloseAgendaForm agendas={[{ agendaId: detail.data.id, label: detail.data.name }]} open />
        </section>
      )}
    </Page>
  );
}

/** Facilities under their organisation, in the order the API gives (organisation, then name). */
function groupByOrganisation(items: Facility[]): [string, Facility[]][] {
  const groups = new Map<string, Facility[]>();
  for (const f of items) groups.set(f.organisationName, [...(groups.get(f.organisationName) ?? []), f]);
  return [...groups];
}
