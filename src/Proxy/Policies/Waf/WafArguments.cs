using System.Buffers;

namespace GitGateway.Proxy.Policies.Waf;

/// <summary>
/// Arguments in <c>application/x-www-form-urlencoded</c> form (a query string or a form body): every
/// <c>name=value</c> pair between '&amp;'s, each side decoded ('+' as space, percent escapes) and inspected.
/// </summary>
internal static class WafArguments
{
    private const int StackLimit = 256;

    /// <summary>Inspects the pairs of <paramref name="text"/> and returns how many there were.</summary>
    public static int Inspect(ReadOnlySpan<char> text, int level, ref WafFindings findings)
    {
        var count = 0;
        foreach (var range in text.Split('&'))
        {
            var pair = text[range];
            if (pair.IsEmpty)
            {
                continue;
            }

            count++;
            var equals = pair.IndexOf('=');
            InspectPart(equals < 0 ? pair : pair[..equals], WafTargets.ArgName, level, ref findings);
            if (equals >= 0)
            {
                InspectPart(pair[(equals + 1)..], WafTargets.ArgValue, level, ref findings);
            }
        }

        return count;
    }

    private static void InspectPart(ReadOnlySpan<char> raw, WafTargets target, int level, ref WafFindings findings)
    {
        if (raw.IndexOfAny('%', '+') < 0)
        {
            WafValueInspector.Inspect(raw, target, level, ref findings);
            return;
        }

        char[]? rented = null;
        var buffer = raw.Length <= StackLimit ? stackalloc char[StackLimit] : (rented = ArrayPool<char>.Shared.Rent(raw.Length));
        try
        {
            var length = WafTransforms.Decode(raw, buffer, plusAsSpace: true);
            WafValueInspector.Inspect(buffer[..length], target, level, ref findings);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
