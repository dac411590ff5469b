import { asText } from '../../words'
import * as client from 'openid-client'

/**
 * Single sign-on through OpenID Connect (Microsoft Entra ID and any other conforming provider):
 * the authorization code flow with PKCE, state and nonce, the token checked by openid-client. An
 * identity signs in only as an account an administrator has made, matched by email address.
 */
export interface OidcSettings {
  issuer: string
  clientId: string
  clientSecret: string | undefined
  label: string
  /** Where the provider sends people back: `${baseUrl}/sign-in/oidc/callback`. */
  redirectUri: string
}

/** What the browser carries between leaving for the provider and coming back (in a signed cookie). */
interface Pending {
  verifier: string
  state: string
  nonce: string
  next: string
}

export class OidcError extends Error {}

const loopback = (url: URL) => url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)

export function oidcClient(settings: OidcSettings) {
  let config: Promise<client.Configuration> | undefined
  // Discovered once, on first use; a failure is not cached, so the next sign-in tries again.
  const discovered = () => {
    const issuer = new URL(settings.issuer)
    config ??= client
      .discovery(
        issuer,
        settings.clientId,
        settings.clientSecret,
        undefined,
        loopback(issuer) ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((e: unknown) => {
        config = undefined
        throw new OidcError(`The sign-in service at ${settings.issuer} could not be reached (${(e as Error).message}).`)
      })
    return config
  }

  return {
    label: settings.label,

    /** The provider's address to send the browser to, and the value of the cookie to set. */
    async start(next: string): Promise<{ url: string; cookie: string }> {
      const c = await discovered()
      const pending: Pending = {
        verifier: client.randomPKCECodeVerifier(),
        state: client.randomState(),
        nonce: client.randomNonce(),
        next,
      }
      const url = client.buildAuthorizationUrl(c, {
        redirect_uri: settings.redirectUri,
        scope: 'openid email profile',
        code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
      })
      return { url: url.href, cookie: JSON.stringify(pending) }
    },

    /** Completes the flow: the identity's email address (lower-case), and where the person was going. */
    async finish(
      query: string,
      cookie: string | undefined,
    ): Promise<{ email: string; subject: string; issuer: string; next: string }> {
      let pending: Pending
      try {
        pending = JSON.parse(cookie ?? '') as Pending
        if (!pending.verifier || !pending.state || !pending.nonce) throw new Error('incomplete')
      } catch {
        throw new OidcError('This sign-in was not started here, or took longer than ten minutes. Start again.')
      }
      // The provider's answer on our registered redirect address (the token request must name it exactly).
      const callbackUrl = new URL(settings.redirectUri)
      callbackUrl.search = query
      const providerError = callbackUrl.searchParams.get('error')
      if (providerError)
        throw new OidcError(
          `The sign-in service refused: ${callbackUrl.searchParams.get('error_description') ?? providerError}.`,
        )
      const c = await discovered()
      let claims: (client.IDToken & Record<string, unknown>) | undefined
      try {
        const tokens = await client.authorizationCodeGrant(c, callbackUrl, {
          pkceCodeVerifier: pending.verifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        })
        claims = tokens.claims()
        // Providers that keep the ID token lean give the email address at the userinfo endpoint.
        if (claims && !claims.email && !claims.preferred_username)
          claims = { ...claims, ...(await client.fetchUserInfo(c, tokens.access_token, claims.sub)) }
      } catch (e) {
        throw new OidcError(`The sign-in could not be completed (${(e as Error).message}). Start again.`)
      }
      // Entra ID gives the sign-in name as preferred_username; others give email.
      const email = asText(claims?.email ?? claims?.preferred_username)
        .trim()
        .toLowerCase()
      if (!claims || !email.includes('@'))
        throw new OidcError('The sign-in service did not say which email address you signed in with.')
      if (claims.email_verified === false) throw new OidcError(`The sign-in service has not verified ${email}.`)
      return { email, subject: claims.sub, issuer: claims.iss, next: pending.next }
    },
  }
}

export type OidcClient = ReturnType<typeof oidcClient>
