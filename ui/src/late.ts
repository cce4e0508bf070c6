// Answers that come back after the editor has moved on are dropped here, in
// one place: every view asks for a ticket when it sends a request and acts
// on the answer only while that ticket is live. Requests are grouped in
// channels (the story shown, a search, a dialog's contents): a newer request
// on a channel, or dropping the channel (a view closed, another story
// opened), makes the tickets handed out before it stale.

/** One request's claim on its channel: live until overtaken or dropped. */
export interface Ticket {
  readonly live: boolean;
}

export class Latest<Channel extends string = "answer"> {
  private readonly generations = new Map<Channel, number>();

  private generation(channel: Channel): number {
    return this.generations.get(channel) ?? 0;
  }

  private ticket(channel: Channel, generation: number): Ticket {
    const owner = this;
    return {
      get live() {
        return owner.generation(channel) === generation;
      },
    };
  }

  /** Starts a request on `channel` that overtakes every earlier one there. */
  next(channel: Channel): Ticket {
    const generation = this.generation(channel) + 1;
    this.generations.set(channel, generation);
    return this.ticket(channel, generation);
  }

  /** Joins the request now current on `channel` (without overtaking it):
   *  live until a newer one starts there or the channel is dropped. */
  current(channel: Channel): Ticket {
    return this.ticket(channel, this.generation(channel));
  }

  /** Drops every answer still on its way on `channel`. */
  drop(channel: Channel): void {
    this.generations.set(channel, this.generation(channel) + 1);
  }
}
