using System.Text.RegularExpressions;

namespace GitGateway.Renderer.Manifests;

/// <summary>
/// The GRPCMethodMatch name rules for type Exact (https://gateway-api.sigs.k8s.io/reference/spec/#grpcmethodmatch):
/// a service is a dotted protobuf name, a method a protobuf identifier. Anything else could never match
/// a real gRPC call and would put '/' or spaces into the request path we match on.
/// </summary>
internal static partial class GrpcNames
{
    /// <summary>Returns a message when <paramref name="service"/> is not a valid Exact service name, else null.</summary>
    public static string? CheckService(string service) =>
        ServiceRegex().IsMatch(service)
            ? null
            : $"gRPC service '{service}' is not a valid service name (dot-separated identifiers of letters, digits and '_', e.g. foo.bar.Greeter)";

    /// <summary>Returns a message when <paramref name="method"/> is not a valid Exact method name, else null.</summary>
    public static string? CheckMethod(string method) =>
        MethodRegex().IsMatch(method)
            ? null
            : $"gRPC method '{method}' is not a valid method name (letters, digits and '_', not starting with a digit)";

    [GeneratedRegex(@"^\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ServiceRegex();

    [GeneratedRegex("^[A-Za-z_][A-Za-z_0-9]*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex MethodRegex();
}
