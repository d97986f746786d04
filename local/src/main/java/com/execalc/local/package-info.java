/**
 * The local stack: never deployed.
 *
 * <p>It runs the same authorizer and handler classes as Lambda, with the same JSON events, against dynalite, and
 * replaces only what does not exist on a laptop: a token issuer with its JWKS instead of Cognito, a gateway that
 * evaluates the authorizer's policy and maps {@code X-Amz-Tenant-Id} like API Gateway, and one handler instance per
 * tenant, like Lambda's tenant-isolation mode.
 */
package com.execalc.local;
