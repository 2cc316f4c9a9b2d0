using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("GitGateway.Plan.Tests")]
