namespace GitGateway.Plan.Model;

/// <summary>JWT validation; <see cref="ForwardClaims"/> copies claims (Name) to request headers (Value).</summary>
public sealed record JwtSettings(string Issuer, EquatableArray<string> Audiences, string JwksUri, EquatableArray<HeaderValue> ForwardClaims);
