using GitGateway.Reconciler.Review;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Cli;

/// <summary>
/// <c>plan</c>'s two renders: the base, then the head from the base's render, the way the control plane renders one
/// commit after another (<see cref="Apply.CachedRender"/>). Base and head share almost every blob: each is parsed and
/// checked once (<see cref="ManifestCache"/>, by path and blob id), and the routes whose objects the head has unchanged
/// keep the base's bindings, entries and order (<see cref="RenderReuse"/>); the head's result is the one a cold render
/// of it gives. Without <c>fromBase</c> both are rendered cold (what the incremental head is compared with).
/// </summary>
internal sealed class HeadFromBase(string? controllerName, bool fromBase = true)
{
    private readonly ManifestCache? _cache = fromBase ? new ManifestCache() : null;
    private readonly RenderReuse? _reuse = fromBase ? new RenderReuse() : null;

    /// <summary>How many routes the renders so far took their binding from the render before (none when cold).</summary>
    public long Reused => _reuse?.Reused ?? 0;

    /// <summary>
    /// Loads the base's files into the cache its render then takes them from (<see cref="PlanRenderer.LoadInto"/>) and
    /// returns that cache, so that the age walk takes each blob's keys from this one parse of it; null when cold.
    /// </summary>
    public ManifestCache? LoadBase(SourceFiles.Result files, RepoLayoutInfo layout)
    {
        if (_cache is not null)
        {
            PlanRenderer.LoadInto(_cache, files.Files, layout);
        }

        return _cache;
    }

    /// <summary>Renders the base (first: its bindings are what the head's render starts from).</summary>
    public RenderResult RenderBase(SourceFiles.Result files, string source, ObjectAges? ages) =>
        RenderRun.Render(files, source, input => Render(input, ages));

    /// <summary>
    /// The render of the head and of what merging it would apply, with the head's <paramref name="ages"/> and the
    /// claims of <paramref name="baseLayout"/> established (<see cref="ClaimHistory.After"/>; none when null).
    /// </summary>
    public Func<RenderInput, RenderResult> HeadRender(ObjectAges? ages, RepoLayoutInfo? baseLayout) =>
        ClaimHistory.After(input => Render(input, ages), baseLayout);

    private RenderResult Render(RenderInput input, ObjectAges? ages) =>
        PlanRenderer.Render(input with { ControllerName = controllerName, Ages = ages, Cache = _cache, Reuse = _reuse });

    /// <summary>Lets go of the parsed files and bindings: the review after the renders holds both plans, not these.</summary>
    public void Clear()
    {
        _cache?.Clear();
        _reuse?.Clear();
    }
}
