"""Reference steps of PyTorch's optimizers, for OptimizerTest: run once with PyTorch and checked in.

    /usr/bin/python3 worker/src/test/resources/pytorch/optimizers.py > worker/src/test/resources/pytorch/optimizers.json

With Debian's python3-torch (PyTorch 1.13), which is not a dependency of the project. Each case starts from the same
six float32 parameters and takes twelve steps with the gradients listed in the file (float32, generated here from a
seed and written out, so the Java test feeds exactly these), the learning rate of step t set before it (a linear
warm-up over five steps, then constant), and records the parameters after every step.
"""
import json
import sys

import torch

N, STEPS, WARMUP = 6, 12, 5


def gradients(seed, scale):
    g = torch.Generator().manual_seed(seed)
    return [(torch.randn(N, generator=g) * scale * torch.arange(1, N + 1)).float() for _ in range(STEPS)]


def run(name, lr, weight_decay, eps, grads):
    p = torch.nn.Parameter(torch.tensor([0.5 - 0.2 * i for i in range(N)], dtype=torch.float32))
    if name == "sgd":
        opt = torch.optim.SGD([p], lr=lr, weight_decay=weight_decay)
    elif name == "momentum":
        opt = torch.optim.SGD([p], lr=lr, momentum=0.9, weight_decay=weight_decay)
    elif name == "nesterov":
        opt = torch.optim.SGD([p], lr=lr, momentum=0.9, nesterov=True, weight_decay=weight_decay)
    elif name == "adam":
        opt = torch.optim.Adam([p], lr=lr, betas=(0.9, 0.999), eps=eps, weight_decay=weight_decay)
    elif name == "adamw":
        opt = torch.optim.AdamW([p], lr=lr, betas=(0.9, 0.999), eps=eps, weight_decay=weight_decay)
    elif name == "rmsprop":
        opt = torch.optim.RMSprop([p], lr=lr, alpha=0.99, eps=eps, weight_decay=weight_decay)
    else:
        raise ValueError(name)
    after, rates = [], []
    for t in range(STEPS):
        rate = lr * (t + 1) / WARMUP if t < WARMUP else lr
        for group in opt.param_groups:
            group["lr"] = rate
        opt.zero_grad()
        p.grad = grads[t].clone()
        opt.step()
        rates.append(rate)
        after.append([float(v) for v in p.detach()])
    return rates, after


cases = []
for name, lr in [("sgd", 0.1), ("momentum", 0.05), ("nesterov", 0.05), ("adam", 0.01), ("adamw", 0.01),
                 ("rmsprop", 0.01)]:
    for eps in ([1e-8, 1e-3] if name in ("adam", "adamw", "rmsprop") else [None]):
        # large gradients, and small ones (|g| near 1e-3, where the forms of eps and of RMSProp's state differ most)
        for scale in [1.0, 1e-3]:
            grads = gradients(7, scale)
            weight_decay = 0.01 if name == "adamw" else 0.03
            rates, after = run(name, lr, weight_decay, eps if eps is not None else 1e-8, grads)
            cases.append({"optimizer": name, "weightDecay": weight_decay, "epsilon": eps, "gradientScale": scale,
                          "learningRates": rates, "gradients": [[float(v) for v in g] for g in grads],
                          "start": [0.5 - 0.2 * i for i in range(N)], "after": after})
json.dump({"torch": torch.__version__, "cases": cases}, sys.stdout, indent=1)
print()
