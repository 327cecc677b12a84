# Reference CPU image for RStudio on Amazon SageMaker.
# Passes every mandatory rule of `sagemaker-rstudio check` (docs/rules.md).
#
# Everything that moves is an ARG, so an upgrade is a --build-arg (or an edit of one line):
#   RSW_VERSION     the Posit Workbench version of the session image; it must match the domain's Workbench
#                   version (RSB013). 2025.05.1 (2025.05.1+513.pro3) is the newest line SageMaker lists (AWS "RStudio
#                   versioning", read 2026-11-30), scheduled for deprecation on 2026-12-05; AWS lists no newer line
#                   yet. The table is in core/workbench.ts and docs/rules.md ("Workbench versions on SageMaker").
#   SESSION_IMAGE   the Posit session image. Posit stops publishing rstudio/r-session-complete at the end of 2026
#                   and removes outdated tags from time to time. For the next Workbench line, build on
#                   posit/workbench-session-complete (tags <workbench version>-<os>, e.g. 2026.09.0-ubuntu-26.04;
#                   Workbench session components included) and change the FROM tag to that form, or on
#                   posit/workbench-session (tags R<r>-python<py>-<os>) plus the session components of the domain's
#                   Workbench version, which that image does not carry (github.com/posit-dev/images-workbench).
#   R_VERSION, PYTHON_VERSION
#                   the R and Python builds the base image ships under /opt/R and /opt/python
#                   (list them with: docker run --rm --entrypoint ls rstudio/r-session-complete:jammy-<v> /opt/R /opt/python).
ARG SESSION_IMAGE=rstudio/r-session-complete
ARG RSW_OS=jammy
ARG RSW_VERSION=2025.05.1

FROM --platform=linux/amd64 ${SESSION_IMAGE}:${RSW_OS}-${RSW_VERSION}

ARG RSW_OS
ARG R_VERSION=4.4.3
ARG PYTHON_VERSION=3.12.10
ARG JDK_PACKAGE=openjdk-11-jdk
ARG PPM_URL=https://packagemanager.posit.co
ARG SAGEMAKER_SPEC="<3"

USER root
SHELL ["/bin/bash", "-o", "pipefail", "-c"]

# System packages SageMaker requires: sudo, a JDK 11, libpng headers.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      sudo \
      ${JDK_PACKAGE} \
      libpng-dev \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/*

# reticulate, from Posit Package Manager's binary builds for this OS.
RUN /opt/R/${R_VERSION}/bin/R -e "install.packages('reticulate', repos='${PPM_URL}/cran/__linux__/${RSW_OS}/latest')"

# The SageMaker Python SDK stays below 3 (its 3.x interface differs from what R code written for SageMaker expects).
RUN /opt/python/${PYTHON_VERSION}/bin/pip install --no-cache-dir --upgrade \
      'boto3>=1.34,<2' \
      'awscli>=1.32,<2' \
      "sagemaker[local]${SAGEMAKER_SPEC}"

# Defaults SageMaker requires; the domain's RStudio settings override them at run time.
ENV RSTUDIO_CONNECT_URL="" \
    RSTUDIO_PACKAGE_MANAGER_URL="https://packagemanager.posit.co" \
    RSTUDIO_FORCE_NON_ZERO_EXIT_CODE=1

# No ENTRYPOINT/CMD: SageMaker overrides both to start the RSession.
