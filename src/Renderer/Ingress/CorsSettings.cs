namespace GitGateway.Renderer.Ingress;

/// <summary>enable-cors and its siblings, with ingress-nginx's defaults for those not set.</summary>
internal sealed record CorsSettings(
    IReadOnlyList<string> Origins,
    IReadOnlyList<string> Methods,
    IReadOnlyList<string> Headers,
    IReadOnlyList<string> ExposeHeaders,
    bool Credentials,
    int MaxAge);
