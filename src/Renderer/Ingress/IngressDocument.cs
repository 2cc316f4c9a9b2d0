using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Ingress;

/// <summary>An object a conversion made (HTTPRoute, GRPCRoute or ProxyPolicy), as a YAML tree marked with the Ingress's lines.</summary>
internal sealed record IngressDocument(string ApiVersion, string Kind, string Namespace, string Name, YamlMapping Root, IngressSource From);
