namespace GitGateway.Proxy.Policies.Waf;

/// <summary>The parts of a request a WAF rule inspects.</summary>
[Flags]
internal enum WafTargets
{
    None = 0,

    /// <summary>The request target exactly as sent (undecoded path and query).</summary>
    RawTarget = 1,

    /// <summary>The path, percent-decoded (including <c>%2F</c>), before any dot-segment removal.</summary>
    Path = 2,

    /// <summary>Argument names from the query, a form body or a JSON body (property names).</summary>
    ArgName = 4,

    /// <summary>Argument values from the query, a form body or a JSON body (string leaves).</summary>
    ArgValue = 8,

    /// <summary>Cookie values, percent-decoded.</summary>
    Cookie = 16,

    UserAgent = 32,

    Referer = 64,

    ContentType = 128,

    /// <summary>Facts about the whole request (Host headers, argument count, body parsing), signalled by the inspector.</summary>
    Request = 256,

    Args = ArgName | ArgValue,

    /// <summary>Where injection payloads arrive: arguments, cookies and the two headers that echo user input.</summary>
    Injectable = Args | Cookie | UserAgent | Referer,
}
