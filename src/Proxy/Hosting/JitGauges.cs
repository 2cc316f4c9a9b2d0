using System.Globalization;
using System.Runtime;
using System.Text;

namespace GitGateway.Proxy.Hosting;

/// <summary>
/// The JIT compiler's work since start, for <c>/metrics</c>: <c>gitgateway_proxy_jit_methods_total</c> (methods
/// compiled, each tier of a method counted: tiered compilation compiles a hot method again, instrumented and then
/// optimised, in a background thread) and <c>gitgateway_proxy_jit_seconds_total</c> (time spent compiling, as the
/// runtime clocks it). While the first counter still grows under steady load the node has not reached its optimised
/// code yet; on a busy machine that takes minutes (bench/proxy/README.md), so a benchmark waits for it to settle.
/// Read-only: two counters the runtime keeps anyway.
/// </summary>
internal static class JitGauges
{
    public static string Render()
    {
        var text = new StringBuilder();
        text.Append("# TYPE gitgateway_proxy_jit_methods_total counter\n");
        text.Append(CultureInfo.InvariantCulture, $"gitgateway_proxy_jit_methods_total {JitInfo.GetCompiledMethodCount()}\n");
        text.Append("# TYPE gitgateway_proxy_jit_seconds_total counter\n");
        text.Append(CultureInfo.InvariantCulture, $"gitgateway_proxy_jit_seconds_total {JitInfo.GetCompilationTime().TotalSeconds}\n");
        return text.ToString();
    }
}
