using System.Runtime.CompilerServices;

// The reconciler's types are internal; its tests and benchmarks drive them directly.
[assembly: InternalsVisibleTo("GitGateway.Reconciler.Tests")]
[assembly: InternalsVisibleTo("GitGateway.Reconciler.Bench")]
[assembly: InternalsVisibleTo("GitGateway.Render.Bench")]
[assembly: InternalsVisibleTo("GitGateway.Soak")]
