import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** One registry per app instance, so tests that build several apps do not collide. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'sportello_' });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'sportello_http_request_duration_seconds',
      help: 'HTTP request duration by route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    /** CC-10: messages the language model was asked to read, by whether its reading was used. */
    chatModelReadings: new Counter({
      name: 'sportello_chat_model_readings_total',
      help: "Chat messages sent to the region's language model, by outcome (read, or failed: the rules read it)",
      labelNames: ['outcome'],
      registers: [registry],
    }),
    bookings: new Counter({
      name: 'sportello_appointments_total',
      help: 'Appointment lifecycle operations',
      labelNames: ['operation', 'channel'],
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
