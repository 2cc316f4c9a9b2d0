namespace GitGateway.Reconciler.Review.RoutingTests;

/// <summary>
/// What a routing test expects; every member set must hold. <see cref="Backend"/>: that backend receives a share
/// of the traffic; <see cref="Backends"/>: exactly these do (with these weights when given); backends are named
/// <c>name</c> or <c>namespace/name:port</c>; <see cref="Status"/>: the proxy's own answer
/// (redirect, direct response, 404 when nothing matches; 200 means "forwarded"); <see cref="Redirect"/>: the
/// Location; <see cref="Headers"/>: request headers the backend receives after filters.
/// </summary>
internal sealed record RoutingTestExpectation(
    string? Backend,
    IReadOnlyDictionary<string, int?>? Backends,
    int? Status,
    string? Redirect,
    IReadOnlyDictionary<string, string>? Headers);
