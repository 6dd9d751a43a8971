package dev.adjoint.processor.transform;

import dev.adjoint.processor.Diagnostics;
import dev.adjoint.processor.ir.Pos;
import java.util.ArrayList;
import java.util.List;

/** Keeps diagnostics in memory: for trial runs of a transform, and for tests. */
public final class CollectingDiagnostics implements Diagnostics {
  public record Message(boolean error, Pos pos, String text) {}

  private final List<Message> messages = new ArrayList<>();

  @Override
  public void error(Pos pos, String message) {
    messages.add(new Message(true, pos, message));
  }

  @Override
  public void warning(Pos pos, String message) {
    messages.add(new Message(false, pos, message));
  }

  @Override
  public boolean hasErrors() {
    return messages.stream().anyMatch(Message::error);
  }

  public List<Message> messages() {
    return List.copyOf(messages);
  }
}
