using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Manifests;

/// <summary>A ProxyVIPPool as read, with its prefixes parsed for containment checks.</summary>
internal sealed record VipPoolObject(ManifestObject Object, VipPool Pool, IReadOnlyList<System.Net.IPNetwork> Networks);
