#!/usr/bin/env node
// IAM policy simulation harness for Java tests (run as a subprocess only).
//
// Wraps the dev-only npm package @cloud-copilot/iam-simulate (AGPL-3.0). It is
// never bundled, shipped or linked into Execalc Cloud artifacts: tests start
// `node local/src/test/node/iam-simulate.mjs`, write one JSON document to stdin
// and read one JSON document from stdout.
//
// stdin:
//   {"identityPolicies": [<policy document>...],
//    "sessionPolicy": <policy document> | null,            (optional)
//    "requests": [{"id": "label",
//                  "principal": "arn:aws:sts::123456789012:assumed-role/Role/session",
//                  "action": "dynamodb:GetItem",
//                  "resource": "arn:aws:dynamodb:us-east-1:123456789012:table/t",
//                  "context": {"key": "value" | ["v1", "v2"]},   (optional)
//                  "resourcePolicy": <policy document>,          (optional, e.g. a role trust policy)
//                  "resourceAccount": "123456789012"}]}          (optional, see accountOf)
// stdout:
//   {"results": [{"id": "label",
//                 "decision": "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied",
//                 "detail": "short explanation"}]}                (detail optional)
// exit 0 on success, 2 on malformed input (message on stderr), 1 on an internal error.
//
// Fail closed: a library error, an exception, or a request the simulator could
// only evaluate after changing its input never comes out as "Allowed".

import {
  getDenialReasons,
  getGrantReasons,
  isConditionKeyArray,
  runSimulation,
  typeForContextKey
} from '@cloud-copilot/iam-simulate'

const DECISIONS = new Set(['Allowed', 'ImplicitlyDenied', 'ExplicitlyDenied'])
const MAX_DETAIL = 400

class InputError extends Error {}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v)
const isNonEmptyString = (v) => typeof v === 'string' && v.length > 0

function validate(input) {
  if (!isObject(input)) throw new InputError('top level must be a JSON object')
  const { identityPolicies, sessionPolicy, requests } = input
  if (!Array.isArray(identityPolicies) || !identityPolicies.every(isObject)) {
    throw new InputError('"identityPolicies" must be an array of policy document objects')
  }
  if (sessionPolicy !== undefined && sessionPolicy !== null && !isObject(sessionPolicy)) {
    throw new InputError('"sessionPolicy" must be a policy document object, null or absent')
  }
  if (!Array.isArray(requests)) throw new InputError('"requests" must be an array')
  requests.forEach((r, i) => {
    const where = `requests[${i}]`
    if (!isObject(r)) throw new InputError(`${where} must be an object`)
    for (const field of ['id', 'principal', 'action', 'resource']) {
      if (!isNonEmptyString(r[field])) throw new InputError(`${where}.${field} must be a non-empty string`)
    }
    if (r.context !== undefined && r.context !== null) {
      if (!isObject(r.context)) throw new InputError(`${where}.context must be an object`)
      for (const [k, v] of Object.entries(r.context)) {
        const ok = typeof v === 'string' || (Array.isArray(v) && v.every((e) => typeof e === 'string'))
        if (!ok) throw new InputError(`${where}.context["${k}"] must be a string or an array of strings`)
      }
    }
    if (r.resourcePolicy !== undefined && r.resourcePolicy !== null && !isObject(r.resourcePolicy)) {
      throw new InputError(`${where}.resourcePolicy must be a policy document object`)
    }
    if (r.resourceAccount !== undefined && !/^\d{12}$/.test(typeof r.resourceAccount === 'string' ? r.resourceAccount : '')) {
      throw new InputError(`${where}.resourceAccount must be a 12-digit account id`)
    }
  })
  return input
}

// The library needs the account that owns the resource (it decides same-account
// vs cross-account evaluation). Take it from the resource ARN; S3 bucket/object
// ARNs carry no account, so fall back to the principal's account unless the
// request says otherwise with "resourceAccount".
function accountOf(request) {
  if (request.resourceAccount) return request.resourceAccount
  const fromArn = (arn) => {
    const parts = arn.split(':')
    return parts[0] === 'arn' && /^\d{12}$/.test(parts[4] ?? '') ? parts[4] : undefined
  }
  return fromArn(request.resource) ?? fromArn(request.principal) ?? ''
}

// The library silently keeps only the first element when an array is given for
// a single-valued key (e.g. aws:PrincipalTag/x). That would evaluate a
// different request than the caller asked about, so report it instead.
async function singleValuedKeysWithManyValues(context) {
  const bad = []
  for (const [key, value] of Object.entries(context)) {
    if (!Array.isArray(value) || value.length === 1) continue
    let type
    try {
      type = await typeForContextKey(key)
    } catch {
      continue // unknown key: the library ignores it, handled via ignoredContextKeys
    }
    if (!isConditionKeyArray(type)) bad.push(key)
  }
  return bad
}

// The library treats a condition with an unknown operator (e.g. a "NulI" typo) as
// simply not matching, without a validation error. In a Deny statement that
// silently turns into an Allow; AWS rejects such a policy. So check ourselves.
const OPERATORS = new Set(
  [
    'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase',
    'StringLike', 'StringNotLike', 'NumericEquals', 'NumericNotEquals', 'NumericLessThan',
    'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals', 'DateEquals',
    'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan',
    'DateGreaterThanEquals', 'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals',
    'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null'
  ].map((o) => o.toLowerCase())
)

function unknownOperators(policy) {
  const statements = [policy?.Statement ?? []].flat()
  const bad = []
  for (const st of statements) {
    for (const op of Object.keys(isObject(st?.Condition) ? st.Condition : {})) {
      const m = /^(?:(?:ForAllValues|ForAnyValue):)?(.+?)(?:IfExists)?$/i.exec(op)
      if (!m || !OPERATORS.has(m[1].toLowerCase())) bad.push(op)
    }
  }
  return bad
}

function describeStatement(r) {
  const policy = r.policyIdentifier ?? `${r.policyType} policy`
  return `${policy} statement ${r.statementId ?? '#' + r.statementIndex}`
}

function explain(decision, analysis) {
  if (!analysis) return undefined
  if (decision === 'Allowed') {
    const grants = getGrantReasons(analysis).map(describeStatement)
    return grants.length ? `allowed by ${grants.join(', ')}` : undefined
  }
  const parts = []
  // getDenialReasons does not cover the session policy, so report it ourselves.
  if (analysis.sessionAnalysis && analysis.sessionAnalysis.result !== 'Allowed') {
    parts.push(`session policy: ${analysis.sessionAnalysis.result}`)
  }
  for (const d of getDenialReasons(analysis)) {
    parts.push(d.denialType === 'Explicit' ? `explicit deny in ${describeStatement(d)}` : `no allow in ${d.policyType} policy`)
  }
  return parts.length ? parts.join('; ') : undefined
}

async function evaluate(request, identityPolicies, sessionPolicy) {
  const deny = (detail) => ({ id: request.id, decision: 'ImplicitlyDenied', detail: `fail-closed: ${detail}` })

  // Without a resource policy the library evaluates identity policies alone, but
  // in AWS every role has a trust policy that is always evaluated for these actions.
  if (/^sts:(AssumeRole\w*|TagSession|SetSourceIdentity|SetContext)$/i.test(request.action) && !request.resourcePolicy) {
    return deny(`${request.action} needs the role trust policy as "resourcePolicy"`)
  }

  const badOps = [...identityPolicies, sessionPolicy, request.resourcePolicy].flatMap(unknownOperators)
  if (badOps.length) return deny(`unknown condition operator(s): ${badOps.join(', ')}`)

  // AWS documents that a Null condition treats a key with an empty value as
  // absent; the library treats an empty array as present (Null:"true" would not
  // match, so a "deny if missing" statement would not fire). Drop empty arrays.
  const context = {}
  const emptied = []
  for (const [key, value] of Object.entries(request.context ?? {})) {
    if (Array.isArray(value) && value.length === 0) emptied.push(key)
    else context[key] = value
  }

  const multi = await singleValuedKeysWithManyValues(context)
  if (multi.length) return deny(`single-valued context key(s) given several values: ${multi.join(', ')}`)

  // The library evaluates the session policy itself (Simulation.sessionPolicy):
  // the request must be allowed by it AND by identity/resource policies, and an
  // explicit deny anywhere wins. It only accepts a session policy for role,
  // assumed-role or federated-user principals (otherwise it returns an error).
  // Policy variables such as ${aws:PrincipalTag/tenant_id} in Resource and
  // Condition values are resolved by the library from contextVariables.
  const response = await runSimulation(
    {
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: accountOf(request) },
        contextVariables: context
      },
      identityPolicies: identityPolicies.map((policy, i) => ({ name: `identityPolicies[${i}]`, policy })),
      sessionPolicy: sessionPolicy ?? undefined,
      resourcePolicy: request.resourcePolicy ?? undefined,
      serviceControlPolicies: [],
      resourceControlPolicies: []
    },
    { simulationMode: 'Strict' }
  )

  if (response.resultType === 'error') return deny(`simulator error: ${JSON.stringify(response.errors)}`)
  const decision = response.overallResult
  if (!DECISIONS.has(decision)) return deny(`unexpected simulator result ${JSON.stringify(decision)}`)

  const results = response.resultType === 'single' ? [response.result] : response.results
  // Keys the library considers not applicable to this action/resource are dropped
  // before evaluation (e.g. dynamodb:LeadingKeys for dynamodb:Scan, which matches
  // what AWS sends). A dropped key can make ForAllValues conditions vacuously
  // true, so an Allowed computed without some of the caller's keys fails closed.
  const ignored = [...new Set(results.flatMap((r) => r.ignoredContextKeys ?? []))]
  if (ignored.length && decision === 'Allowed') {
    return deny(`allowed only after the simulator ignored context key(s) not applicable to ${request.action}: ${ignored.join(', ')}`)
  }

  const notes = []
  const why = results.length === 1 ? explain(decision, results[0].analysis) : undefined
  if (why) notes.push(why)
  if (response.resultType === 'wildcard') notes.push(`wildcard resource: ${results.length} pattern(s) simulated`)
  if (ignored.length) notes.push(`ignored context key(s): ${ignored.join(', ')}`)
  if (emptied.length) notes.push(`empty context key(s) treated as absent: ${emptied.join(', ')}`)
  return { id: request.id, decision, ...(notes.length && { detail: notes.join('; ') }) }
}

async function main() {
  let text = ''
  process.stdin.setEncoding('utf8')
  for await (const chunk of process.stdin) text += chunk

  let input
  try {
    input = validate(JSON.parse(text))
  } catch (e) {
    process.stderr.write(`iam-simulate: malformed input: ${e.message}\n`)
    process.exitCode = 2
    return
  }

  const results = []
  for (const request of input.requests) {
    let result
    try {
      result = await evaluate(request, input.identityPolicies, input.sessionPolicy)
    } catch (e) {
      result = { id: request.id, decision: 'ImplicitlyDenied', detail: `fail-closed: simulator threw: ${e.message}` }
    }
    if (result.detail && result.detail.length > MAX_DETAIL) result.detail = result.detail.slice(0, MAX_DETAIL - 3) + '...'
    results.push(result)
  }
  // exitCode instead of process.exit() so a piped stdout is flushed completely.
  process.stdout.write(JSON.stringify({ results }) + '\n')
  process.exitCode = 0
}

main().catch((e) => {
  process.stderr.write(`iam-simulate: internal error: ${e?.stack ?? e}\n`)
  process.exitCode = 1
})
