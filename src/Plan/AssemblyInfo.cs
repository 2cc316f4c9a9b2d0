using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("GitGateway.Plan.Tests")]

// The render's status writer writes its members with the plan's member writers (PlanJsonMembers).
[assembly: InternalsVisibleTo("GitGateway.Renderer")]
