using System.Buffers;

namespace GitGateway.Proxy.Policies.Waf;

/// <summary>
/// Runs the rules for one part of a request on one value: as it is, percent-decoded once more when it still
/// holds escapes (double encoding), and compacted when it holds comments or odd whitespace. The raw target and
/// Content-Type are inspected only as sent. Buffers come from the stack or the shared pool, so nothing allocates.
/// </summary>
internal static class WafValueInspector
{
    private const int StackLimit = 256;

    public static void Inspect(ReadOnlySpan<char> value, WafTargets target, int level, ref WafFindings findings)
    {
        var rules = WafRuleCatalog.For(target, level);
        if (value.IsEmpty || rules.Count == 0)
        {
            return;
        }

        var found = WafCharClasses.Of(value);
        rules.Run(value, found, ref findings);
        if (target is WafTargets.RawTarget or WafTargets.ContentType)
        {
            return;
        }

        var decode = (found & WafTrigger.Percent) != 0 && WafTransforms.HasEscape(value);
        if (decode || WafTransforms.NeedsCompacting(value, found))
        {
            InspectTransformed(rules, value, decode, ref findings);
        }
    }

    private static void InspectTransformed(WafRuleSet rules, ReadOnlySpan<char> value, bool decode, ref WafFindings findings)
    {
        char[]? rented = null;
        var buffer = value.Length <= StackLimit ? stackalloc char[StackLimit] : (rented = ArrayPool<char>.Shared.Rent(value.Length));
        try
        {
            scoped ReadOnlySpan<char> current = value;
            var found = WafTrigger.None;
            if (decode)
            {
                current = buffer[..WafTransforms.Decode(value, buffer, plusAsSpace: false)];
                found = WafCharClasses.Of(current);
                rules.Run(current, found, ref findings);
            }
            else
            {
                found = WafCharClasses.Of(current);
            }

            // Compacting never writes ahead of where it reads, so it may work in place on the decoded copy.
            if (WafTransforms.NeedsCompacting(current, found))
            {
                current = buffer[..WafTransforms.Compact(current, buffer)];
                rules.Run(current, WafCharClasses.Of(current), ref findings);
            }
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
