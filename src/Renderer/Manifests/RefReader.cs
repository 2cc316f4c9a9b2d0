using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Renderer.Manifests;

/// <summary>Reads object references with the Gateway API defaults for group and kind.</summary>
internal static class RefReader
{
    /// <summary>Reads one reference; null when it has no name.</summary>
    public static RefSpec? Read(YamlMapping map, FieldReader f, string defaultGroup, string defaultKind)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(f);
        var name = f.Str(map, "name", required: true);
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var port = f.IntInRange(map, "port", 1, 65535);
        var group = f.Str(map, "group") ?? defaultGroup;
        if (group == "core")
        {
            group = "";
        }

        var ns = f.Str(map, "namespace");
        return new RefSpec(group, f.Str(map, "kind") ?? defaultKind, string.IsNullOrEmpty(ns) ? null : ns, name, f.Str(map, "sectionName"), (int?)port, map.Mark);
    }

    /// <summary>Reads a list of references under <paramref name="key"/>.</summary>
    public static List<RefSpec> ReadList(YamlMapping? parent, string key, FieldReader f, string defaultGroup, string defaultKind)
    {
        ArgumentNullException.ThrowIfNull(f);
        var items = f.Mappings(parent, key);
        var result = new List<RefSpec>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (Read(items[i], f, defaultGroup, defaultKind) is { } r)
            {
                result.Add(r);
            }
        }

        return result;
    }

    /// <summary>Reads backendRefs: weight 0–1,000,000 (default 1) and per-backend filters.</summary>
    public static List<BackendRefSpec> ReadBackends(YamlMapping? rule, FieldReader f, bool http)
    {
        ArgumentNullException.ThrowIfNull(f);
        var items = f.Mappings(rule, "backendRefs");
        var result = new List<BackendRefSpec>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var r = Read(item, f, "", "Service");
            if (r is null)
            {
                continue;
            }

            if (r.Port is null && item.Get("port") is null && r.Group.Length == 0 && r.Kind == "Service")
            {
                f.Diagnostics.Error(DiagnosticCodes.MissingField, item.Mark, $"backendRef '{r.Name}' has no port: a Service backend needs 'port'");
            }

            var weight = f.IntInRange(item, "weight", 0, 1_000_000) ?? 1;
            var filters = http ? FilterReader.ReadList(item, f) : [];
            result.Add(new BackendRefSpec(r, (int)weight, filters));
        }

        return result;
    }
}
