using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Manifests;

/// <summary>A ProxyVIP as read: the plan VIP without its Gateways, which binding fills in.</summary>
internal sealed record VipObject(ManifestObject Object, Vip Vip);
