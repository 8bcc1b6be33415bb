// A real OpenID provider for the single sign-on tests: oidc-provider (OpenID-certified)
// on 127.0.0.1 with its development login form, one confidential client, and users
// read from a JSON file at every sign-in (so a test can move someone between groups).
//
//   node provider.mjs --dir DIR --port-file FILE [--port N] [--kid K] [--alg RS256|ES256] [--keys DIR]
//                     [--tls-cert PEM --tls-key PEM]   (https:// instead of http://)
//
// DIR/users.json: {"jdoe": {"email": "...", "groups": ["it-admins"]}, ...}
// DIR/client.json: {"client_id", "client_secret", "redirect_uris": [...]}
// DIR/keys/<kid>.json (or --keys DIR): the signing key, generated on first use (a restart with another
// --kid is a key rotation). POST /control?mode=... makes the next ID tokens wrong the way
// a broken or hostile provider would: tamper-signature, wrong-aud, expired, iat-future,
// jwks-other (the JWKS no longer holds the signing key), or "" for none.
import Provider from 'oidc-provider'
import { SignJWT, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK } from 'jose'
import fs from 'node:fs'
import path from 'node:path'

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1] : fallback
}
const dir = arg('dir')
const portFile = arg('port-file')
const wantedPort = Number(arg('port', '0'))
const kid = arg('kid', 'key-1')
const keysDir = arg('keys', path.join(dir, 'keys'))
const alg = arg('alg', 'RS256')
const tlsCert = arg('tls-cert')
const tlsKey = arg('tls-key')

async function signingKey() {
  const file = path.join(keysDir, `${kid}.json`)
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'))
  const { privateKey } = await generateKeyPair(alg, { extractable: true })
  const jwk = { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' }
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, JSON.stringify(jwk))
  return jwk
}

const key = await signingKey()
// A key of the same kind that signs nothing here: the JWKS of "jwks-other".
const otherKey = async () => ({ ...(await exportJWK((await generateKeyPair(alg)).publicKey)), kid: 'someone-else', alg, use: 'sig' })
const client = JSON.parse(fs.readFileSync(path.join(dir, 'client.json'), 'utf8'))
const users = () => JSON.parse(fs.readFileSync(path.join(dir, 'users.json'), 'utf8'))

let mode = ''
let issuer = ''

const provider = await (async () => {
  // The issuer names the port, so the server is started first on the port it wants.
  const server = tlsCert
    ? (await import('node:https')).createServer({ cert: fs.readFileSync(tlsCert), key: fs.readFileSync(tlsKey) })
    : (await import('node:http')).createServer()
  await new Promise((resolve) => server.listen(wantedPort, '127.0.0.1', resolve))
  issuer = `${tlsCert ? 'https' : 'http'}://127.0.0.1:${server.address().port}`
  const p = new Provider(issuer, {
    clients: [{
      client_id: client.client_id,
      client_secret: client.client_secret,
      redirect_uris: client.redirect_uris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: alg,
    }],
    jwks: { keys: [key] },
    claims: { openid: ['sub'], profile: ['preferred_username', 'name'], email: ['email'], groups: ['groups'] },
    scopes: ['openid', 'profile', 'email', 'groups'],
    conformIdTokenClaims: false,  // the scopes' claims in the ID token, as Entra ID and Keycloak do
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: ['test-cookie-key-test-cookie-key'] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, AuthorizationCode: 60, IdToken: 3600 },
    async findAccount(_ctx, sub) {
      const u = users()[sub]
      if (!u) return undefined
      return {
        accountId: sub,
        async claims() {
          return { sub, preferred_username: sub, name: u.name ?? sub, email: u.email, groups: u.groups ?? [] }
        },
      }
    },
  })
  p.use(async (ctx, next) => {
    if (ctx.path === '/control' && ctx.method === 'POST') {
      mode = ctx.query.mode ?? ''
      ctx.body = { mode }
      return
    }
    if (ctx.path === '/jwks' && mode === 'jwks-other') {
      ctx.body = { keys: [await otherKey()] }
      return
    }
    await next()
    if (ctx.path === '/token' && ctx.body && ctx.body.id_token && mode) ctx.body.id_token = await spoil(ctx.body.id_token)
  })
  server.on('request', p.callback())
  fs.writeFileSync(portFile, String(server.address().port))
  return p
})()

// The provider's own token, changed and (except for the tampered one) signed again with
// the provider's key: what a misconfigured provider or a token for another client is.
async function spoil(idToken) {
  if (mode === 'tamper-signature') {
    const [h, payload, sig] = idToken.split('.')
    const claims = JSON.parse(Buffer.from(payload, 'base64url'))
    claims.groups = ['it-admins']
    return [h, Buffer.from(JSON.stringify(claims)).toString('base64url'), sig].join('.')
  }
  if (mode === 'jwks-other') return idToken
  const claims = decodeJwt(idToken)
  const now = Math.floor(Date.now() / 1000)
  if (mode === 'wrong-aud') claims.aud = 'another-client'
  if (mode === 'expired') Object.assign(claims, { iat: now - 7200, exp: now - 3600 })
  if (mode === 'iat-future') Object.assign(claims, { iat: now + 400, exp: now + 4000 })
  const header = decodeProtectedHeader(idToken)
  return new SignJWT(claims).setProtectedHeader(header).sign(await importJWK(key, alg))
}

void provider
process.on('SIGTERM', () => process.exit(0))
