namespace GitGateway.Renderer.Manifests;

/// <summary>One set of caps (see <see cref="RepositoryLimits"/>).</summary>
/// <param name="Files">The most manifest files.</param>
/// <param name="Bytes">The most bytes of manifest files.</param>
/// <param name="Routes">The most routes (objects of any route kind).</param>
/// <param name="Hostnames">The most hostnames, counted over routes and team files.</param>
public sealed record SizeLimits(int Files, long Bytes, int Routes, int Hostnames);
