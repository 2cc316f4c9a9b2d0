using GitGateway.Plan.Model;
using Microsoft.Extensions.Primitives;

namespace GitGateway.Proxy.Filters;

/// <summary>
/// Applies a Gateway API HTTPHeaderFilter: set replaces, add appends a value (the header then carries both,
/// joined with a comma), remove deletes; applied in that order. Names compare case-insensitively.
/// https://gateway-api.sigs.k8s.io/reference/spec/#httpheaderfilter
/// </summary>
internal static class HeaderModifierApplier
{
    public static void Apply(HeaderModifier modifier, IHeaderDictionary headers)
    {
        foreach (var set in modifier.Set)
        {
            headers[set.Name] = set.Value;
        }

        foreach (var add in modifier.Add)
        {
            headers[add.Name] = headers.TryGetValue(add.Name, out var existing) && existing.Count > 0
                ? new StringValues(existing.ToString() + "," + add.Value)
                : new StringValues(add.Value);
        }

        foreach (var name in modifier.Remove)
        {
            headers.Remove(name);
        }
    }
}
