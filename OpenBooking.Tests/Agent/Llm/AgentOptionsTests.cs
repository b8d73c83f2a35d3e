using Microsoft.Extensions.DependencyInjection;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Web.Agent;

namespace OpenBooking.Tests.Agent.Llm;

public sealed class AgentOptionsTests
{
    [Theory]
    [InlineData("Agent:Mode", "Clever", "Agent:Mode")]
    [InlineData("Agent:OpenAI:MaxSteps", "0", "MaxSteps")]
    [InlineData("Agent:OpenAI:TimeoutSeconds", "-5", "TimeoutSeconds")]
    public async Task BadAgentSetting_StopsTheAppAtStart_NamingIt(string key, string value, string named)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            ToolsTestHost.StartAsync(settings: new Dictionary<string, string?> { [key] = value }, configure: services => services.AddAgents()));

        Assert.Contains(named, error.Message);
    }
}
