"""What is wrong with a seed file, said so that an editor can go straight to it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class SeedProblem:
    file: str
    record: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.record}: {self.reason}"


class SeedError(Exception):
    """Raised before anything is written: one bad record rejects the whole load."""

    def __init__(self, problems: list[SeedProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class LoadRefused(Exception):  # noqa: N818 - a refusal, said to the user as is
    """Raised before anything is written when a load or a removal would change records of
    another origin: seeds never overwrite, unlink or delete what they did not write."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("\n".join(reasons))
