namespace GitGateway.Renderer.Manifests;

/// <summary>A Kubernetes label selector (matchLabels and matchExpressions, ANDed).</summary>
internal sealed record LabelSelector(IReadOnlyDictionary<string, string> MatchLabels, IReadOnlyList<LabelRequirement> Expressions)
{
    /// <summary>Whether <paramref name="labels"/> satisfy the selector.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var (k, v) in MatchLabels)
        {
            if (!labels.TryGetValue(k, out var actual) || actual != v)
            {
                return false;
            }
        }

        return Expressions.All(e => e.Matches(labels));
    }

    /// <summary>Reads a selector mapping.</summary>
    public static LabelSelector Read(YamlMapping? map, FieldReader f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var expressions = new List<LabelRequirement>();
        foreach (var e in f.MapSeq(map, "matchExpressions"))
        {
            var key = f.Str(e, "key", required: true);
            var op = f.Str(e, "operator", required: true);
            if (key is null || op is null)
            {
                continue;
            }

            if (op is not ("In" or "NotIn" or "Exists" or "DoesNotExist"))
            {
                f.Diagnostics.Error(Diagnostics.DiagnosticCodes.InvalidField, e.Mark, $"selector operator '{op}' must be In, NotIn, Exists or DoesNotExist");
                continue;
            }

            expressions.Add(new LabelRequirement(key, op, f.StrSeq(e, "values").Select(v => v.Value).ToList()));
        }

        return new LabelSelector(f.StrMap(map, "matchLabels"), expressions);
    }
}
