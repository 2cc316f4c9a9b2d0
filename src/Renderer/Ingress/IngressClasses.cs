namespace GitGateway.Renderer.Ingress;

/// <summary>The ingress classes GitGateway serves: its own, and NovaEdge's, so Ingresses written for NovaEdge keep working.</summary>
internal static class IngressClasses
{
    public const string Own = "gitgateway";

    public const string NovaEdge = "novaedge";

    public static bool IsServed(string? className) => className is Own or NovaEdge;
}
