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
