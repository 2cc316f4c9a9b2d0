using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Apply;

/// <summary>
/// The control plane's render: one <see cref="ManifestCache"/> kept alive between reconciles and shared by review and
/// apply, so a commit that touches one file parses and checks that file alone; every other file is the same blob as
/// in the commit rendered before it; and the last render's bindings are kept (<see cref="RenderReuse"/>, one for the
/// apply and one for the reviews), so a commit
/// that adds one route binds that route alone. The result is the same as a cold render (the cache keys on path, blob id
/// and the layout; the bindings on the route's typed object and everything else a binding reads). Bounded: when a
/// render's files might not fit in what the cache has left, it is emptied first, so the files of old revisions go and
/// the current ones stay.
/// </summary>
internal sealed class CachedRender(Func<RenderInput, RenderResult> render, ManifestCache cache)
{
    /// <summary>A cached <see cref="PlanRenderer.Render"/> with the default bound.</summary>
    public CachedRender()
        : this(PlanRenderer.Render, new ManifestCache())
    {
    }

    /// <summary>The cache the renders share (its counters say how much was reused).</summary>
    public ManifestCache Cache => cache;

    /// <summary>The bindings and entries of the apply's last render, reused by its next for the routes it has unchanged.</summary>
    public RenderReuse Reuse { get; } = new();

    /// <summary>
    /// The same for the reviews' renders: a review renders a pull request's head and base, and with one memo it would
    /// leave the next apply the bindings of a revision that is not the one applied (correct, as the memo is keyed, but
    /// bound again from scratch).
    /// </summary>
    public RenderReuse ReviewReuse { get; } = new();

    /// <summary>Renders <paramref name="input"/> for the apply through the shared cache.</summary>
    public RenderResult Render(RenderInput input) => RenderWith(input, Reuse);

    /// <summary>Renders <paramref name="input"/> for a review through the shared cache.</summary>
    public RenderResult RenderReview(RenderInput input) => RenderWith(input, ReviewReuse);

    private RenderResult RenderWith(RenderInput input, RenderReuse reuse)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (cache.Count + input.Files.Count > cache.MaxFiles)
        {
            cache.Clear();
            Reuse.Clear();
            ReviewReuse.Clear();
        }

        return render(input with { Cache = cache, Reuse = reuse });
    }
}
