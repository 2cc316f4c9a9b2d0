namespace GitGateway.Fixtures.Kube;

/// <summary>
/// A parsed REST path: <c>/api/v1[/namespaces/{ns}]/{plural}[/{name}[/status]]</c> or the same under
/// <c>/apis/{group}/{version}</c>.
/// </summary>
internal sealed record KubeRequestPath(KubeKind Kind, string? Namespace, string? Name, bool Status)
{
    public static KubeRequestPath? Parse(string path)
    {
        var parts = path.Trim('/').Split('/');
        int rest;
        string group, version;
        if (parts.Length >= 3 && parts[0] == "api")
        {
            (group, version, rest) = ("", parts[1], 2);
        }
        else if (parts.Length >= 4 && parts[0] == "apis")
        {
            (group, version, rest) = (parts[1], parts[2], 3);
        }
        else
        {
            return null;
        }

        string? ns = null;
        if (parts.Length > rest + 2 && parts[rest] == "namespaces")
        {
            ns = parts[rest + 1];
            rest += 2;
        }

        var kind = KubeKind.All.FirstOrDefault(k => k.Group == group && k.Version == version && k.Plural == parts[rest]);
        var name = parts.Length > rest + 1 ? parts[rest + 1] : null;
        var status = parts.Length > rest + 2 && parts[rest + 2] == "status";
        if (kind is null || parts.Length > rest + 3 || (parts.Length == rest + 3 && !status) || (name is not null && ns is null))
        {
            return null;
        }

        return new KubeRequestPath(kind, ns, name, status);
    }
}
