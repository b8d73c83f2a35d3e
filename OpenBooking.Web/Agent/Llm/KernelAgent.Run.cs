using System.Text;
using Microsoft.SemanticKernel;
using OpenBooking.Tools.Data.WebApp;
using OpenBooking.Web.Chat;

namespace OpenBooking.Web.Agent.Llm;

public sealed partial class KernelAgent
{
    /// <summary>
    /// Runs around each automatic function call: the model's words before the call become a message of their own, the
    /// model call's timer pauses while tools run, and after <see cref="OpenAIAgentOptions.MaxSteps"/> model calls
    /// asking for tools the kernel stops asking the model.
    /// </summary>
    private sealed class StepFilter(OpenAIAgentOptions settings, CancellationTokenSource step, Run run) : IAutoFunctionInvocationFilter
    {
        public bool Stopped { get; private set; }

        /// <summary>The ids of the calls that reached a function.</summary>
        public HashSet<string> Invoked { get; } = [];

        public async Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next)
        {
            if (context.ToolCallId is { } id)
            {
                Invoked.Add(id);
            }
            run.EndStep();
            step.CancelAfter(Timeout.InfiniteTimeSpan);
            await next(context);
            if (context.RequestSequenceIndex + 1 >= settings.MaxSteps)
            {
                Stopped = true;
                context.Terminate = true;
                return;
            }
            step.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        }
    }

    /// <summary>The messages and transcript of one customer message, collected as the kernel runs.</summary>
    private sealed class Run(IReplyStream? stream)
    {
        private readonly Lock _gate = new();
        private readonly List<string> _messages = [];
        private readonly List<(MessageAuthor, string)> _transcript = [];
        private readonly StringBuilder _step = new();

        public void Write(string text)
        {
            lock (_gate)
            {
                _step.Append(text);
            }
            stream?.Write(text);
        }

        /// <summary>Ends what the model is writing now: its words so far become one message. Returns them.</summary>
        public string EndStep()
        {
            string text;
            lock (_gate)
            {
                text = _step.ToString().Trim();
                _step.Clear();
            }
            if (text.Length > 0)
            {
                Say(text);
            }
            return text;
        }

        public void Say(string text)
        {
            lock (_gate)
            {
                _messages.Add(text);
                _transcript.Add((MessageAuthor.Agent, text));
            }
            stream?.EndMessage();
        }

        public void Record(ToolCallRecord call)
        {
            lock (_gate)
            {
                _transcript.Add((MessageAuthor.Tool, call.ToJson()));
            }
        }

        /// <summary>Tools that changed something in this message (sent a code, booked), with their results.</summary>
        public List<(string Tool, string Result)> Actions { get; } = [];

        public void Acted(string tool, string result)
        {
            lock (_gate)
            {
                Actions.Add((tool, result));
            }
        }

        public AgentReply Reply(string state) => new([.. _messages], state) { Transcript = [.. _transcript] };
    }
}
