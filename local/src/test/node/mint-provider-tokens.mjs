#!/usr/bin/env node
// Mints bearer tokens in identity providers' shapes for the Java tests (run as a subprocess only), with `jose`, a JOSE
// library independent of the nimbus-jose-jwt that the authorizer verifies with: a token the authorizer accepts was not
// made by the code that checks it.
//
// stdin:
//   {"tokens": [{"id": "label",
//                "alg": "RS256" | "PS256" | "ES256" | "HS256",
//                "kid": "key id in the header",            (the key is made once per kid)
//                "published": true | false,                (whether the key is in the JWKS; HS256 never is)
//                "header": {"typ": "at+jwt", ...},         (optional, added to alg and kid)
//                "claims": {...}}]}                        (the payload, exactly as given)
// stdout:
//   {"jwks": {"keys": [<public JWK with kid, alg, use>...]},
//    "tokens": {"label": "<compact JWS>", ...}}
// exit 0 on success, 2 on malformed input (message on stderr), 1 on an internal error.

import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { randomBytes } from 'node:crypto';

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function main() {
  let input;
  try {
    input = await readStdin();
    if (!Array.isArray(input.tokens)) throw new Error('tokens must be a list');
  } catch (e) {
    process.stderr.write(`malformed input: ${e.message}\n`);
    process.exit(2);
  }
  const keys = new Map();
  const jwks = [];
  const tokens = {};
  for (const spec of input.tokens) {
    let key = keys.get(spec.kid);
    if (!key) {
      if (spec.alg === 'HS256') {
        key = { alg: spec.alg, signing: new Uint8Array(randomBytes(32)) };
      } else {
        const pair = await generateKeyPair(spec.alg, { extractable: true });
        key = { alg: spec.alg, signing: pair.privateKey };
        if (spec.published !== false) {
          const jwk = await exportJWK(pair.publicKey);
          jwks.push({ ...jwk, kid: spec.kid, alg: spec.alg, use: 'sig' });
        }
      }
      keys.set(spec.kid, key);
    }
    if (key.alg !== spec.alg) throw new Error(`kid ${spec.kid} is a ${key.alg} key, not ${spec.alg}`);
    tokens[spec.id] = await new SignJWT(spec.claims)
      .setProtectedHeader({ ...(spec.header ?? {}), alg: spec.alg, kid: spec.kid })
      .sign(key.signing);
  }
  process.stdout.write(JSON.stringify({ jwks: { keys: jwks }, tokens }));
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
