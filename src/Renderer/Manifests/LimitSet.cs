namespace GitGateway.Renderer.Manifests;

/// <summary>
/// Caps on what one scope (the repository, or one team's folder) may hold: manifest files, their bytes, route
/// objects and distinct hostnames named by routes. Past a cap the scope is refused with one <c>LimitExceeded</c>.
/// </summary>
/// <param name="Files">The most manifest files (<c>*.yaml</c>, <c>*.yml</c> outside dot-directories).</param>
/// <param name="Bytes">The most bytes of those files, together.</param>
/// <param name="Routes">The most route objects (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, UDPRoute).</param>
/// <param name="Hostnames">The most distinct hostnames those routes name.</param>
public sealed record LimitSet(long Files, long Bytes, long Routes, long Hostnames);
