import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake's "model" does with one conversation: the text it answers, or a failure of the server. */
export type FakeTurn =
  | { content: string; finishReason?: 'stop' | 'length'; refusal?: string }
  | { status: number }
  | { delayMs: number; content: string };

interface ChatMessage {
  role: string;
  content: string;
}

/**
 * An OpenAI-compatible Chat Completions server (`POST {base}/chat/completions`, the API reference's
 * request and response objects), on the loopback, as vLLM, llama.cpp's server and Ollama serve it: a bad
 * request gets 400 and `{"error": {message, type, param, code}}`, a wrong key 401. `respond` is the model:
 * what it answers to the last user message (a real server with a `json_schema` response format constrains
 * the answer to the schema; the fake answers what it is told, so a test can play a server that does not).
 */
export class FakeOpenAi {
  readonly requests: { authorization: string | undefined; body: Record<string, unknown> }[] = [];
  private server: Server | null = null;

  constructor(
    private readonly respond: (user: string, system: string) => FakeTurn,
    private readonly apiKey?: string,
  ) {}

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}/v1`;
  }

  /** The citizens' words as the model received them (the user messages), in order. */
  get userMessages(): string[] {
    return this.requests.map(
      (r) => (r.body.messages as ChatMessage[]).find((m) => m.role === 'user')?.content ?? '',
    );
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, body: unknown) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const error = (
      status: number,
      message: string,
      param: string | null = null,
      code: string | null = null,
    ) => send(status, { error: { message, type: 'invalid_request_error', param, code } });
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://x').pathname !== '/v1/chat/completions')
      return error(404, `Unknown request URL: ${req.method} ${req.url}`);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      return error(400, 'We could not parse the JSON body of your request.');
    }
    this.requests.push({ authorization: req.headers.authorization, body });
    if (this.apiKey && req.headers.authorization !== `Bearer ${this.apiKey}`)
      return error(401, 'Incorrect API key provided.', null, 'invalid_api_key');
    if (typeof body.model !== 'string' || !body.model)
      return error(400, 'you must provide a model parameter', 'model');
    const messages = body.messages as ChatMessage[] | undefined;
    if (
      !Array.isArray(messages) ||
      messages.length === 0 ||
      !messages.every(
        (m) =>
          ['system', 'developer', 'user', 'assistant'].includes(m?.role) && typeof m.content === 'string',
      )
    )
      return error(400, "Invalid 'messages'", 'messages');
    const format = body.response_format as
      | { type?: string; json_schema?: { name?: string; strict?: boolean; schema?: Record<string, unknown> } }
      | undefined;
    if (format && format.type === 'json_schema' && !format.json_schema?.name)
      return error(400, "Missing required parameter: 'response_format.json_schema.name'.", 'response_format');

    const user = messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
    const system = messages.find((m) => m.role === 'system')?.content ?? '';
    const turn = this.respond(user, system);
    if ('status' in turn) return error(turn.status, 'The server had an error while processing your request.');
    if ('delayMs' in turn) await new Promise((r) => setTimeout(r, turn.delayMs));
    send(200, {
      id: `chatcmpl-${randomUUID()}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'refusal' in turn && turn.refusal ? null : turn.content,
            refusal: 'refusal' in turn ? (turn.refusal ?? null) : null,
          },
          logprobs: null,
          finish_reason: 'finishReason' in turn ? (turn.finishReason ?? 'stop') : 'stop',
        },
      ],
      usage: { prompt_tokens: 200, completion_tokens: 8, total_tokens: 208 },
    });
  }
}
