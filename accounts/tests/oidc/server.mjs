// A real OpenID Connect provider for the single sign-on tests (accounts/tests/test_sso.py): panva's
// oidc-provider, the certified implementation, with one confidential client and a log-in page that
// takes an e-mail address (any address logs in: the portal decides who may enter).
//
//   node server.mjs <port> <client_id> <client_secret> <redirect_uri>
//
// Prints "ready <issuer>" when it listens.
import http from 'node:http';
import { URLSearchParams } from 'node:url';
import Provider from 'oidc-provider';

const [port, clientId, clientSecret, redirectUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'given_name', 'family_name'] },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: id, email_verified: true, name: id.split('@')[0] };
      },
    };
  },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  pkce: { required: () => true },
  cookies: { keys: ['test-only-cookie-key'] },
});
provider.proxy = false;

function readForm(req) {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => resolve(Object.fromEntries(new URLSearchParams(body))));
  });
}

const oidc = provider.callback();
const server = http.createServer(async (req, res) => {
  const match = req.url.match(/^\/interaction\/([^/?]+)/);
  if (!match) return oidc(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET') {
      res.setHeader('content-type', 'text/html');
      return res.end(`<form method="post"><label>E-mail <input name="email"></label><button>Sign in</button></form>`);
    }
    const { email } = await readForm(req);
    const grant = new provider.Grant({ accountId: email, clientId: details.params.client_id });
    grant.addOIDCScope(details.params.scope);
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { login: { accountId: email }, consent: { grantId } });
  } catch (error) {
    res.statusCode = 500;
    return res.end(String(error));
  }
});
server.listen(Number(port), '127.0.0.1', () => console.log(`ready ${issuer}`));
