import { Type } from '@fastify/type-provider-typebox';
import { LabelSchema, StorageHealthSchema } from '../../contact-centre/index.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Window = Type.Object({
  arrived: Type.Integer(),
  refused: Type.Integer(),
  accepted: Type.Integer(),
  answered: Type.Integer(),
  averageWaitSeconds: Nullable(Type.Number()),
});

const AgentCounts = Type.Object({
  loggedIn: Type.Number(),
  ready: Type.Number(),
  offered: Type.Number(),
  onCall: Type.Number(),
  wrapUp: Type.Number(),
  paused: Type.Number(),
});

export const WallboardSchema = Type.Object(
  {
    label: LabelSchema,
    at: Type.String({ format: 'date-time' }),
    live: Type.Boolean(),
    windows: Type.Object({ hour: Window, week: Window, month: Window }),
    queues: Nullable(
      Type.Array(
        Type.Object({
          id: Type.String(),
          name: Type.String(),
          service: Type.String(),
          waiting: Type.Integer(),
          longestWaitSeconds: Type.Number(),
        }),
      ),
    ),
    waitingNow: Nullable(Type.Integer()),
    longestWaitSeconds: Nullable(Type.Number()),
    agents: Type.Object({
      now: Nullable(AgentCounts),
      averageLastHour: AgentCounts,
      averageToday: AgentCounts,
    }),
    arrivalsToday: Type.Array(
      Type.Object({ service: Type.String(), hour: Type.Integer(), calls: Type.Integer() }),
    ),
    today: Type.Object({
      targetSeconds: Type.Integer(),
      offered: Type.Integer(),
      answered: Type.Integer(),
      answeredWithinTarget: Type.Integer(),
      abandonedWithinTarget: Type.Integer(),
      abandonedAfterTarget: Type.Integer(),
      waitingUnderTarget: Type.Integer({
        description: 'Offered calls still waiting short of the target: not counted in the shares yet',
      }),
      serviceLevel: Nullable(
        Type.Number({ description: 'Answered within the target over the offered calls decided so far' }),
      ),
      abandonedWithinTargetShare: Nullable(Type.Number()),
      abandonedAfterTargetShare: Nullable(Type.Number()),
    }),
    recent: Type.Object(
      {
        minutes: Type.Integer(),
        offered: Type.Integer(),
        decided: Type.Integer({
          description: 'Offered calls decided in the window (see today.serviceLevel)',
        }),
        serviceLevel: Nullable(Type.Number()),
        abandonedShare: Nullable(
          Type.Number({ description: 'Abandoned (within and after 20 s) over decided' }),
        ),
      },
      { description: 'The same levels over the last minutes, for the alert when a target is at risk' },
    ),
    forecastToday: Type.Union(
      [
        Type.Array(
          Type.Object({
            hour: Type.Integer({ minimum: 0, maximum: 23, description: 'Rome hour' }),
            forecast: Type.Number({ description: 'Expected calls of the scheduled traffic in that hour' }),
            arrived: Type.Integer({ description: 'Calls that arrived at the lines in that hour so far' }),
          }),
        ),
        Type.Null(),
      ],
      {
        description:
          'Forecast against actual arrivals today; null without the live centre or with its traffic off',
      },
    ),
    queuesToday: Type.Array(
      Type.Object({
        queueId: Type.String(),
        offered: Type.Integer(),
        answered: Type.Integer(),
        answeredWithinTarget: Type.Integer(),
        abandonedWithinTarget: Type.Integer(),
        abandonedAfterTarget: Type.Integer(),
        waitingUnderTarget: Type.Integer(),
        serviceLevel: Nullable(Type.Number()),
      }),
      {
        description:
          "Today's service level per queue the calls entered, by the centre's definition; they sum to `today`",
      },
    ),
    surveysToday: Type.Array(
      Type.Object({
        question: Type.String(),
        text: Nullable(Type.String()),
        answers: Type.Integer(),
        averageScore: Type.Number({ description: 'Mean keypad score, 1 (worst) to 5 (best)' }),
      }),
      { description: "CC-8: today's hot-survey answers per question" },
    ),
    callbacks: Type.Object({
      pending: Type.Integer(),
      inEngine: Nullable(Type.Integer()),
      recovered: Type.Integer({
        description: 'Pending at the last start-up and taken back into the engine (CC-3)',
      }),
    }),
    storage: Nullable(StorageHealthSchema),
  },
  { $id: 'Wallboard' },
);
