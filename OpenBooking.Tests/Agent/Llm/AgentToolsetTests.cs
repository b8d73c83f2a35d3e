using System.Text.Json;
using OpenBooking.Web.Agent.Llm;

namespace OpenBooking.Tests.Agent.Llm;

public sealed class AgentToolsetTests
{
    [Fact]
    public void ForModel_ToolWithAVerificationToken_LosesTokenAndEmail_AndTheHostSuppliesThem()
    {
        var schema = JsonDocument.Parse("""
            {"type":"object","properties":{"email":{"type":"string"},"verificationToken":{"type":"string"},"start":{"type":"string"}},
             "required":["email","verificationToken","start"]}
            """).RootElement;

        var (forModel, needsIdentity) = AgentToolset.ForModel(schema);

        Assert.True(needsIdentity);
        Assert.Equal("""{"type":"object","properties":{"start":{"type":"string"}},"required":["start"]}""", forModel.ToJsonString());
    }

    [Fact]
    public void ForModel_ToolWithoutAToken_IsUnchanged()
    {
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"email":{"type":"string"}},"required":["email"]}""").RootElement;

        var (forModel, needsIdentity) = AgentToolset.ForModel(schema);

        Assert.False(needsIdentity);
        Assert.Equal("""{"type":"object","properties":{"email":{"type":"string"}},"required":["email"]}""", forModel.ToJsonString());
    }

    [Theory]
    [InlineData("shop__list_services", "shop__list_services")]
    [InlineData("my shop.tool/v2", "my_shop_tool_v2")]
    public void FunctionName_IsValidForTheChatCompletionsApi(string tool, string expected) =>
        Assert.Equal(expected, AgentToolset.FunctionName(tool));

    [Fact]
    public void FunctionName_TooLong_IsCutTo64() =>
        Assert.Equal(64, AgentToolset.FunctionName(new string('a', 80)).Length);
}
