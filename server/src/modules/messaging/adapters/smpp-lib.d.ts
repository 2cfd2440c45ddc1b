// The `smpp` library ships no types: the part of its API the adapter and its test use.
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer } from 'node:net';

  // biome-ignore lint/suspicious/noExplicitAny: PDUs are plain objects whose fields depend on the command
  type Callback = (pdu: any) => void;
  interface Session extends EventEmitter {
    send(pdu: unknown, callback?: Callback): void;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    bind_transceiver(options: object, callback?: Callback): void;
    submit_sm(options: object, callback?: Callback): void;
    deliver_sm(options: object, callback?: Callback): void;
    unbind(callback?: Callback): void;
  }
  interface Server extends NetServer {}
  const smpp: {
    connect(options: { url: string; auto_enquire_link_period?: number }): Session;
    createServer(listener: (session: Session) => void): Server;
  };
  export default smpp;
}
