using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Ingress;

/// <summary>An annotation of an Ingress and where its key was written.</summary>
internal sealed record IngressAnnotation(string Key, string Value, SourceMark Mark);
