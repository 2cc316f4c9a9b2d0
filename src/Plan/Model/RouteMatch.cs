namespace GitGateway.Plan.Model;

/// <summary>
/// All conditions a request must meet (logical AND). gRPC method matches are rendered as path matches on
/// <c>/service/method</c>.
/// </summary>
/// <param name="Path">The path condition; <c>PathPrefix /</c> when the route gave none.</param>
/// <param name="Method">An HTTP method, or null for any.</param>
/// <param name="Headers">Header conditions.</param>
/// <param name="QueryParams">Query parameter conditions.</param>
public sealed record RouteMatch(
    PathMatch Path,
    string? Method,
    EquatableArray<StringMatch> Headers,
    EquatableArray<StringMatch> QueryParams);
