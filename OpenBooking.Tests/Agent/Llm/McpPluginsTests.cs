using System.Text.Json;
using OpenBooking.Web.Agent.Llm;

namespace OpenBooking.Tests.Agent.Llm;

public sealed class McpPluginsTests
{
    [Fact]
    public void ForModel_ToolWithAVerificationToken_LosesTokenAndEmail_AndTheHostSuppliesThem()
    {
        var schema = JsonDocument.Parse("""
            {"type":"object","properties":{"email":{"type":"string"},"verificationToken":{"type":"string"},"start":{"type":"string"}},
             "required":["email","verificationToken","start"]}
            """).RootElement;

        var (forModel, needsIdentity) = McpPlugins.ForModel(schema);

        Assert.True(needsIdentity);
        Assert.Equal("""{"type":"object","properties":{"start":{"type":"string"}},"required":["start"]}""", forModel.GetRawText());
    }

    [Fact]
    public void ForModel_ToolWithoutAToken_IsUnchanged()
    {
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"email":{"type":"string"}},"required":["email"]}""").RootElement;

        var (forModel, needsIdentity) = McpPlugins.ForModel(schema);

        Assert.False(needsIdentity);
        Assert.Equal("""{"type":"object","properties":{"email":{"type":"string"}},"required":["email"]}""", forModel.GetRawText());
    }

    [Theory]
    [InlineData("shop__list_services", "shop__list_services")]
    [InlineData("my shop.tool/v2", "my_shop_tool_v2")]
    [InlineData("get-weather", "get_weather")]
    public void FunctionName_IsAValidKernelFunctionName(string tool, string expected) =>
        Assert.Equal(expected, McpPlugins.FunctionName(tool));

    [Theory]
    [InlineData("shop", "shop")]
    [InlineData("my-shop.eu", "my_shop_eu")]
    [InlineData("", "external")]
    public void PluginName_IsAValidKernelPluginName(string server, string expected) =>
        Assert.Equal(expected, McpPlugins.PluginName(server));

    [Fact]
    public void FunctionName_TooLong_IsCutTo64() =>
        Assert.Equal(64, McpPlugins.FunctionName(new string('a', 80)).Length);
}
