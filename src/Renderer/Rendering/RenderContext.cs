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

    public GatewayTable Gateways { get; } = new();

    public List<BoundListenerSet> ListenerSets { get; } = [];

    public List<BoundRoute> Routes { get; } = [];

    public PolicyIndex Policies { get; set; } = PolicyIndex.Empty;

    public BackendTlsIndex BackendTls { get; set; } = BackendTlsIndex.Empty;

    public List<Listener> Listeners { get; } = [];

    public List<Vip> Vips { get; } = [];

    /// <summary>The render before's bindings and entries, when they were made under this render's <see cref="ReuseKey"/>.</summary>
    public RenderReuse.Memo? Previous { get; set; }

    /// <summary>This render's bindings and entries, kept for the next render; null when nothing is kept.</summary>
    public RenderReuse.Memo? Memo { get; set; }

    /// <summary>How many routes had their binding replayed from <see cref="Previous"/>.</summary>
    public int ReusedRoutes { get; set; }
}
