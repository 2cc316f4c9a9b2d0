namespace GitGateway.Conformance.Tests.Report;

/// <summary>
/// The report's <c>implementation</c> block and the Gateway API version tested. The version follows
/// <c>&lt;Version&gt;</c> of Directory.Build.props (every assembly, this one included, carries it); the Gateway API version is the vendored data's
/// <c>git describe</c> (third_party/gateway-api/conformance/README.md: pre-v1.7 <c>main</c>, not a release). The
/// project has no published home page or contact address yet: both stay empty until it has, as a report to
/// upstream needs them.
/// </summary>
internal static class ReportImplementation
{
    public const string Organization = "gitgateway";

    public const string Project = "gitgateway";

    public const string Url = "\"\"";

    public static string Version { get; } = "v" + typeof(ReportImplementation).Assembly.GetName().Version!.ToString(3);

    public const string GatewayApiVersion = "monthly-2026.06-120-g4564255ac";
}
