using GitGateway.Plan.Model;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GitGateway.Proxy.Policies;

/// <summary>
/// The JWT ProxyPolicy: a request needs <c>Authorization: Bearer &lt;token&gt;</c> (RFC 6750) signed by a key of
/// the issuer's JWKS, with the configured issuer, one of the audiences and a valid lifetime; otherwise it is
/// answered 401 with <c>WWW-Authenticate: Bearer</c>. Listed claims are copied to request headers, replacing
/// whatever the client sent under those names.
/// </summary>
internal sealed class JwtValidator
{
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };
    private readonly JwtSettings _settings;
    private readonly JwksCache _keys;
    private readonly TimeProvider _time;

    public JwtValidator(string policyId, JwtSettings settings, JwksCache keys, TimeProvider time)
    {
        PolicyId = policyId;
        _settings = settings;
        _keys = keys;
        _time = time;
    }

    public string PolicyId { get; }

    /// <summary>Where the validated claims are kept on the request, for rate limits keyed on a claim.</summary>
    public static object ClaimsKey { get; } = new();

    /// <summary>Validates the request's token and forwards claims; false means answer 401.</summary>
    public async ValueTask<bool> ValidateAsync(HttpContext context)
    {
        foreach (var forward in _settings.ForwardClaims)
        {
            context.Request.Headers.Remove(forward.Value); // a client must not be able to forge forwarded claims
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Deny(context);
        }

        var token = authorization[7..].Trim();
        var result = await ValidateAsync(token, unknownKey: false, context.RequestAborted);
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            result = await ValidateAsync(token, unknownKey: true, context.RequestAborted);
        }

        if (!result.IsValid)
        {
            return Deny(context);
        }

        context.Items[ClaimsKey] = result.Claims;
        foreach (var forward in _settings.ForwardClaims)
        {
            if (result.Claims.TryGetValue(forward.Name, out var value) && value is not null)
            {
                context.Request.Headers[forward.Value] = value.ToString();
            }
        }

        return true;
    }

    private async Task<TokenValidationResult> ValidateAsync(string token, bool unknownKey, CancellationToken cancellationToken)
    {
        var keys = await _keys.KeysAsync(_settings.JwksUri, unknownKey, cancellationToken);
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = _settings.Issuer,
            ValidAudiences = _settings.Audiences,
            ValidateAudience = !_settings.Audiences.IsEmpty,
            IssuerSigningKeys = keys,
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (notBefore, expires, _, p) =>
            {
                var now = _time.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore.Value <= now + p.ClockSkew) && (expires is null || expires.Value >= now - p.ClockSkew);
            },
        };
        return await Handler.ValidateTokenAsync(token, parameters);
    }

    private static bool Deny(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return false;
    }
}
