// The auth plugin: who is calling (a virtual key, a JWT, or anonymous when
// auth.required is false) and whether they may use the models they ask for.
// Sets ctx.principal for the plugins after it; refuses with 401 or 403.
import { CLIENT_KEY, Counter, definePlugin, isGatewayError, isProviderRequest, stateKey, type GatewayContext, type Logger, type Next, type PluginEnv, type PluginHooks, type RequestHead } from '../../core/kit.js';
import { keys } from './commands/keys.js';
import { AUTH_SECTION } from './config-schema.js';
import { token } from './commands/token.js';
import { foreignCredential } from './credentials.js';
import { Authenticator, type Identity } from './identify.js';
import { assertModelsAllowed, assertNamesAllowed, headModels } from './model-access.js';
import { MIN_SECRET_BYTES, compileAuth, type ClaimNames } from './settings.js';
import { assertAdmin } from './admin.js';
import { authConfigOf } from './auth-config.js';
import { KeyAdmin, keyRoutes } from './runtime-keys/api.js';
import { SharedKeys } from './runtime-keys/shared.js';
import { KeyBodies } from './runtime-keys/validate.js';

const IDENTITY = stateKey<Identity>('auth.identity');

class Auth implements PluginHooks {
  private readonly authenticator: Authenticator;
  private readonly setsAsideForeign: boolean;
  private readonly claims: ClaimNames;
  private readonly logger: Logger;
  private readonly refusals: Counter<'code'>;
  /** Run-time keys: the shared store's, this instance's table of them, and the admin API over both. */
  readonly shared: SharedKeys;
  private readonly keyAdmin: KeyAdmin;

  constructor({ config, configSchema, logger, metrics, store, routes, lifecycle }: PluginEnv) {
    this.refusals = new Counter({ name: 'voxgate_auth_refusals_total', help: 'Requests refused by auth, by error code.', labelNames: ['code'], registers: [metrics] });
    const { settings, problems } = compileAuth(config);
    // Start-up has already refused these (checkConfig); this guards direct construction.
    if (!settings) throw new Error(`auth config is invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    this.shared = new SharedKeys(store, logger);
    this.authenticator = new Authenticator(settings, this.shared.table);
    const bodies = new KeyBodies(configSchema);
    const adminRoutes = keyRoutes(bodies);
    for (const route of adminRoutes) routes.addAction(route);
    this.keyAdmin = new KeyAdmin(this.shared, bodies, authConfigOf(config).virtual_keys, adminRoutes);
    lifecycle.onClose(() => this.shared.stop());
    this.setsAsideForeign = settings.setsAsideForeign;
    this.claims = settings.claims;
    this.logger = logger;
    this.logger.info({ required: settings.required, virtual_keys: settings.keys.names(), admin_keys: settings.adminKeys.names(), jwt_algorithms: settings.jwt?.accepted ?? [] }, 'auth ready');
    if (settings.secretBytes !== undefined && settings.secretBytes < MIN_SECRET_BYTES) {
      this.logger.warn(`auth.jwt.secret is shorter than ${MIN_SECRET_BYTES} bytes: one captured token lets an attacker guess it offline; use a long random secret (openssl rand -base64 48)`);
    }
  }

  /** Who is calling, from the headers alone: a bad credential is refused before the upload is read. */
  async onRequest(head: RequestHead): Promise<void> {
    const identity = this.refusalsLogged(head, () => this.authenticator.identify(head.credentials, head.clientAddress));
    head.principal = identity.principal;
    if (head.route.admin) this.refusalsLogged(head, () => assertAdmin(identity.principal, this.claims));
    // Models named before any body (a realtime session's URL): checked now, before anything opens upstream.
    const { models } = head;
    if (models) this.refusalsLogged(head, () => assertNamesAllowed(identity, headModels(models)));
    IDENTITY.set(head, identity);
    this.keepClientKey(head);
    this.logger.debug({ requestId: head.id, principal: identity.principal.id }, 'authenticated');
  }

  /** Whether they may use the models they ask for, once the body says which. */
  async handle(ctx: GatewayContext, next: Next): Promise<void> {
    let identity = IDENTITY.get(ctx);
    if (!identity) {
      identity = this.authenticator.identify(ctx.credentials, ctx.clientAddress);
      this.keepClientKey(ctx);
    }
    ctx.principal = identity.principal;
    if (ctx.route.admin) this.refusalsLogged(ctx, () => assertAdmin(identity.principal, this.claims));
    // Action requests (job polling) name no model: who is asking is all that matters.
    const { request } = ctx;
    if (request.type === 'action' && this.keyAdmin.handles(request)) {
      // assertAdmin above passed: only an admin gets here.
      ctx.result = await this.keyAdmin.answer(request);
      return;
    }
    if (isProviderRequest(request)) this.refusalsLogged(ctx, () => assertModelsAllowed(identity, request));
    await next();
  }

  /** A set-aside foreign credential, for providers that take client keys (the dispatcher decides; nothing logs it). */
  private keepClientKey(head: RequestHead): void {
    const key = this.setsAsideForeign ? foreignCredential(head.credentials) : undefined;
    if (key !== undefined) CLIENT_KEY.set(head, key);
  }

  private refusalsLogged<T>(head: RequestHead, step: () => T): T {
    try {
      return step();
    } catch (err) {
      // Codes and names only: the credential itself is never logged.
      if (isGatewayError(err)) this.refusals.inc({ code: err.code });
      if (isGatewayError(err)) this.logger.info({ requestId: head.id, status: err.status, code: err.code, principal: head.principal?.id }, 'auth refused the request');
      throw err;
    }
  }
}

export default definePlugin({
  name: 'auth',
  config: AUTH_SECTION,
  commands: [keys, token],
  checkConfig: (config) => compileAuth(config).problems,
  // Fail closed: a config that asks for auth must not start without the plugin that enforces it.
  whenAbsent: (config) =>
    AUTH_SECTION.read(config)?.required === true
      ? { path: 'auth.required', message: 'is true, but no auth plugin runs: add "- name: auth" to plugins (or set auth.required: false)' }
      : undefined,
  async setup(env) {
    const auth = new Auth(env);
    // The run-time keys are loaded before the first request; a store that is down only delays them.
    await auth.shared.start();
    return auth;
  },
});
