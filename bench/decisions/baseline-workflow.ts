import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

/**
 * The bare baseline of `bench:decisions`: one workflow, one Update with a validator, nothing else.
 * It is what a decision would cost if Temporal were the only thing in its way.
 */
export const bareDecide = defineUpdate<{ decided: number; choice: string }, [{ choice: string; actor: string }]>('decide');

export async function bareDecision(): Promise<void> {
  let decided = 0;
  let choice = '';
  setHandler(
    bareDecide,
    (cmd) => {
      decided += 1;
      choice = cmd.choice;
      return { decided, choice };
    },
    {
      validator: (cmd) => {
        if (!cmd.actor) throw new Error('no actor');
        if (decided > 0) throw new Error('already decided');
      },
    },
  );
  await condition(() => decided > 0);
}
