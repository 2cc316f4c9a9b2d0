using GitGateway.Plan.Model;
using GitGateway.Renderer.Binding;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Policies;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Rendering;

/// <summary>The state one render passes from step to step.</summary>
internal sealed class RenderContext(RenderInput input)
{
    public RenderInput Input { get; } = input;

    public DiagnosticBag Diagnostics { get; } = new();

    public RepoLayoutInfo Layout { get; set; } = new(null, [], []);

    public ManifestSet Set { get; set; } = new();

    public string ControllerName { get; set; } = RenderInput.DefaultControllerName;

    public BindingIndex Index { get; set; } = null!;

    public List<GatewayStatus> ClassStatuses { get; } = [];

    public HashSet<string> OurClasses { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<(string Ns, string Name), BoundGateway> Gateways { get; } = new();

    public List<BoundListenerSet> ListenerSets { get; } = [];

    public List<BoundRoute> Routes { get; } = [];

    public PolicyIndex Policies { get; set; } = PolicyIndex.Empty;

    public BackendTlsIndex BackendTls { get; set; } = BackendTlsIndex.Empty;

    public List<Listener> Listeners { get; } = [];

    public List<Vip> Vips { get; } = [];
}
