using System.Globalization;
using System.Text;

namespace GitGateway.Proxy.Observability;

/// <summary>
/// What loading a plan costs, for the node-start bench and for operators sizing nodes:
/// <c>gitgateway_proxy_plan_apply_step_seconds{step}</c> (how long each step of the last applied revision took:
/// <c>rebuild</c> = parse a delta and rebuild the plan from it (0 for a whole plan), <c>hash</c>, <c>validate</c>, <c>compile</c>, <c>swap</c> = bind the ports and swap the table, <c>save</c> = keep it
/// as the last good plan) and <c>gitgateway_proxy_gc_heap_bytes</c> (the managed heap after the last collection).
/// </summary>
internal sealed class PlanLoadGauges
{
    public static readonly string[] Steps = ["rebuild", "hash", "validate", "compile", "swap", "save"];

    private readonly long[] _ticks = new long[Steps.Length];

    /// <summary>Records the duration of <paramref name="step"/> (one of <see cref="Steps"/>) of the revision being applied.</summary>
    public void Record(string step, TimeSpan elapsed)
    {
        var index = Array.IndexOf(Steps, step);
        if (index >= 0)
        {
            Interlocked.Exchange(ref _ticks[index], elapsed.Ticks);
        }
    }

    public void Render(StringBuilder text)
    {
        text.Append("# TYPE gitgateway_proxy_plan_apply_step_seconds gauge\n");
        for (var i = 0; i < Steps.Length; i++)
        {
            var seconds = TimeSpan.FromTicks(Interlocked.Read(ref _ticks[i])).TotalSeconds;
            text.Append(CultureInfo.InvariantCulture, $"gitgateway_proxy_plan_apply_step_seconds{{step=\"{Steps[i]}\"}} {seconds:0.######}\n");
        }

        text.Append("# TYPE gitgateway_proxy_gc_heap_bytes gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"gitgateway_proxy_gc_heap_bytes {GC.GetGCMemoryInfo().HeapSizeBytes}\n");
    }
}
