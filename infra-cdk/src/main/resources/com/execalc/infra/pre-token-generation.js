// Cognito pre-token-generation trigger (V2_0 event): puts the user's tenant attribute into the access token, where
// Cognito writes no user attribute of its own, so that members send access tokens. Tiny on purpose: no dependency,
// nothing but this copy, a cold start of a few tens of milliseconds, on every sign-in and refresh.
const CLAIM = process.env.TENANT_CLAIM;

exports.handler = async (event) => {
  const tenant = (event.request.userAttributes || {})[CLAIM];
  if (typeof tenant === 'string' && tenant !== '') {
    // a platform operator has no tenant attribute and gets none; the ID token has the attribute already
    event.response = {
      claimsAndScopeOverrideDetails: {
        accessTokenGeneration: { claimsToAddOrOverride: { [CLAIM]: tenant } },
      },
    };
  }
  return event;
};
