namespace GitGateway.Renderer.Binding;

/// <summary>The id of a backend in the plan: <c>{kind}/{namespace}/{name}:{port}</c>, as every backend and mirror has it.</summary>
internal static class BackendIds
{
    /// <summary>The id of a backend of <paramref name="kind"/> <paramref name="ns"/>/<paramref name="name"/> on <paramref name="port"/>.</summary>
    public static string Of(string kind, string ns, string name, int port) => $"{kind}/{ns}/{name}:{port}";
}
