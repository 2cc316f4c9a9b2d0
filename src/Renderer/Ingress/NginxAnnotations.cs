using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Ingress;

/// <summary>The ingress-nginx annotations of one Ingress that the conversion uses, read and checked.</summary>
internal sealed record NginxAnnotations
{
    public IngressAnnotation? RewriteTarget { get; init; }

    public bool UseRegex { get; init; }

    /// <summary>ssl-redirect: null when not set (then true for hosts the Ingress lists under tls).</summary>
    public bool? SslRedirect { get; init; }

    public bool ForceSslRedirect { get; init; }

    public bool Grpc { get; init; }

    public bool Canary { get; init; }

    public int? CanaryWeight { get; init; }

    public int CanaryWeightTotal { get; init; } = 100;

    public string? CanaryHeader { get; init; }

    public string? CanaryHeaderValue { get; init; }

    public string? CanaryHeaderPattern { get; init; }

    public SourceMark? CanaryMark { get; init; }

    public CorsSettings? Cors { get; init; }

    public IReadOnlyList<string> AllowRanges { get; init; } = [];

    public IReadOnlyList<string> DenyRanges { get; init; } = [];

    public int? LimitRps { get; init; }

    public int BurstMultiplier { get; init; } = 5;

    /// <summary>The larger of proxy-read-timeout and proxy-send-timeout, in seconds.</summary>
    public int? BackendTimeoutSeconds { get; init; }

    public string? Redirect { get; init; }

    public int RedirectCode { get; init; } = 301;

    /// <summary>The mark of each annotation a policy or filter came from, by short key.</summary>
    public IReadOnlyDictionary<string, SourceMark> Marks { get; init; } = new Dictionary<string, SourceMark>();

    /// <summary>The mark of the first of <paramref name="keys"/> that was set.</summary>
    public SourceMark MarkOf(SourceMark fallback, params string[] keys) =>
        keys.Select(k => Marks.GetValueOrDefault(k)).FirstOrDefault(m => m is not null) ?? fallback;
}
